// rabbitmq_user's state in ONE Erlang VM: `rabbitmqctl eval` runs an expression on the node that
// does what list_users, list_user_permissions and authenticate_user do (the same functions those
// commands call), and prints the answer as one JSON line. Three CLI VMs (~0.3 s of CPU each)
// become one. The expression travels on stdin (it holds the password when it is checked), never
// on a command line; a password check that throws reports only `false`, no details.
import { ctl } from './cli.ts';

/** One vhost's configure/write/read regexes, as rabbitmqctl lists them. */
export interface Permission {
  vhost: string;
  configure: string;
  write: string;
  read: string;
}

export const USER_STATE_MARK = '@@warren-user-state';

/** An Erlang binary holding exactly these UTF-8 bytes (no quoting rules to get wrong). */
export function erlangBinary(text: string): string {
  return `<<${[...Buffer.from(text, 'utf8')].join(',')}>>`;
}

/**
 * The password as the CLI would read it from stdin: the first line, trimmed (rabbitmqctl's
 * add_user, change_password and authenticate_user all use String.trim).
 */
export function passwordAsRead(password: string): string {
  return password.split('\n')[0].trim();
}

/** The expression for `rabbitmqctl -q eval` (read from stdin). checkPassword: undefined = not checked. */
export function userStateExpression(user: string, checkPassword?: string): string {
  const auth =
    checkPassword === undefined
      ? ''
      : `Auth = try rabbit_access_control:check_user_pass_login(U, ${erlangBinary(passwordAsRead(checkPassword))}) of {ok, _} -> true; _ -> false catch _:_ -> false end,
        #{exists => true, tags => Tags, permissions => Perms, password_matches => Auth};`;
  return `U = ${erlangBinary(user)},
R = try rabbit_auth_backend_internal:lookup_user(U) of
  {ok, User} ->
    Tags = [rabbit_data_coercion:to_binary(T) || T <- internal_user:get_tags(User)],
    Perms = [#{vhost => proplists:get_value(vhost, P), configure => proplists:get_value(configure, P),
               write => proplists:get_value(write, P), read => proplists:get_value(read, P)}
             || P <- rabbit_auth_backend_internal:list_user_permissions(U)],
    ${auth || '#{exists => true, tags => Tags, permissions => Perms};'}
  {error, not_found} -> #{exists => false}
catch Class:Reason -> #{error => rabbit_data_coercion:to_binary(io_lib:format("~p:~P", [Class, Reason, 8]))}
end,
io:format("~s ~s~n", ["${USER_STATE_MARK}", rabbit_json:encode(R)]),
ok.
`;
}

/** The CLI command the expression is fed to. */
export const USER_STATE_COMMAND = ctl('eval');

export interface EvaluatedUser {
  exists: boolean;
  tags: string[];
  permissions: Permission[];
  passwordMatches?: boolean;
}

/**
 * The JSON line of the expression's answer. undefined when there is none or it reports an error:
 * the caller then reads the state with the individual commands (their errors are the ones to show).
 */
export function parseUserState(output: string): EvaluatedUser | undefined {
  const line = output.split('\n').find((l) => l.startsWith(`${USER_STATE_MARK} `));
  if (!line) return undefined;
  let doc: { exists?: unknown; tags?: unknown; permissions?: unknown; password_matches?: unknown; error?: unknown };
  try {
    doc = JSON.parse(line.slice(USER_STATE_MARK.length + 1));
  } catch {
    return undefined;
  }
  if (doc.error !== undefined || typeof doc.exists !== 'boolean') return undefined;
  if (!doc.exists) return { exists: false, tags: [], permissions: [] };
  if (!Array.isArray(doc.tags) || !Array.isArray(doc.permissions)) return undefined;
  const permissions = (doc.permissions as Array<Record<string, unknown>>).map((p) => ({
    vhost: String(p.vhost),
    configure: String(p.configure),
    write: String(p.write),
    read: String(p.read),
  }));
  return {
    exists: true,
    tags: doc.tags.map(String).sort(),
    permissions,
    ...(typeof doc.password_matches === 'boolean' ? { passwordMatches: doc.password_matches } : {}),
  };
}
