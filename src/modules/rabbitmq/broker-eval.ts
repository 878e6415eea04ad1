// The Erlang expression behind the broker's state in one VM (broker-state.ts): `rabbitmqctl eval`
// runs it on the node and it prints users (with their password hashes, so passwords are checked
// on the controller), permissions, vhosts, policies and the cluster's status as one JSON line.
// It calls the functions list_users, list_user_permissions, list_vhosts, list_policies and
// cluster_status call (RabbitMQ 3.10 to 4.x); Erlang strings (versions) become JSON strings. A
// part that throws reports its error and the modules read that part with their own commands.

export const BROKER_STATE_MARK = '@@warren-broker-state';

export const BROKER_STATE_EXPRESSION = `Bin = fun(X) when is_binary(X) -> X; (X) when is_atom(X) -> atom_to_binary(X, utf8);
            (X) when is_list(X) -> try unicode:characters_to_binary(X) of
                                     B when is_binary(B) -> B;
                                     _ -> iolist_to_binary(io_lib:format("~p", [X]))
                                   catch _:_ -> iolist_to_binary(io_lib:format("~p", [X])) end;
            (X) -> iolist_to_binary(io_lib:format("~p", [X])) end,
Part = fun(F) -> try F() catch C:R -> #{error => Bin(io_lib:format("~p:~P", [C, R, 8]))} end end,
Perm = fun(P) -> #{vhost => proplists:get_value(vhost, P), configure => proplists:get_value(configure, P),
                   write => proplists:get_value(write, P), read => proplists:get_value(read, P)} end,
Users = Part(fun() -> [begin
    Name = internal_user:get_username(U),
    #{user => Name, tags => [Bin(T) || T <- internal_user:get_tags(U)],
      password_hash => base64:encode(internal_user:get_password_hash(U)),
      hashing_algorithm => Bin(internal_user:get_hashing_algorithm(U)),
      permissions => [Perm(P) || P <- rabbit_auth_backend_internal:list_user_permissions(Name)]}
  end || U <- rabbit_auth_backend_internal:all_users()] end),
Vhosts = Part(fun() -> [#{name => proplists:get_value(name, V), tracing => proplists:get_value(tracing, V) =:= true}
                        || V <- rabbit_vhost:info_all([name, tracing])] end),
Policies = Part(fun() -> [#{vhost => proplists:get_value(vhost, P), name => proplists:get_value(name, P),
                            pattern => proplists:get_value(pattern, P), 'apply-to' => proplists:get_value('apply-to', P),
                            priority => proplists:get_value(priority, P),
                            definition => rabbit_json:encode(proplists:get_value(definition, P))}
                          || P <- rabbit_policy:list()] end),
Alarm = fun({{resource_limit, Res, N}, _}) -> #{type => resource_alarm, resource => Res, node => N};
           ({resource_limit, Res, N}) -> #{type => resource_alarm, resource => Res, node => N};
           (A) -> #{type => Bin(A)} end,
Cluster = Part(fun() ->
    S = try rabbit_db_cluster:cli_cluster_status() catch error:undef -> rabbit_mnesia:status() end,
    Nodes = proplists:get_value(nodes, S, []),
    Running = proplists:get_value(running_nodes, S),
    true = is_list(Running),
    Ask = fun(N, M, F, A) -> rpc:call(N, M, F, A, 10000) end,
    Version = fun(#{otp_release := Otp} = I) ->
                    #{rabbitmq_name => Bin(maps:get(product_name, I, maps:get(product_base_name, I, <<>>))),
                      rabbitmq_version => Bin(maps:get(product_version, I, maps:get(product_base_version, I, <<>>))),
                      erlang_version => Bin(Otp)};
                 (_) -> #{} end,
    #{cluster_name => Bin(proplists:get_value(cluster_name, S, rabbit_nodes:cluster_name())),
      disk_nodes => proplists:get_value(disc, Nodes, []), ram_nodes => proplists:get_value(ram, Nodes, []),
      running_nodes => Running,
      partitions => maps:from_list(proplists:get_value(partitions, S, [])),
      alarms => [Alarm(A) || A <- lists:usort(lists:append([case Ask(N, rabbit, alarms, []) of L when is_list(L) -> L; _ -> [] end || N <- Running]))],
      versions => maps:from_list([{N, Version(Ask(N, rabbit, product_info, []))} || N <- Running])}
  end),
State = case rabbit:is_running() of
  true -> #{running => true, users => Users, vhosts => Vhosts, policies => Policies, cluster => Cluster};
  false -> #{running => false}
end,
io:format("~s ~s~n", ["${BROKER_STATE_MARK}", rabbit_json:encode(State)]),
ok.
`;
