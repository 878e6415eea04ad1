#!/usr/bin/env escript
%%! -noinput
%% Installed by warren (roles/rabbitmq): checks a configuration file before it replaces the live
%% one, with the node's own parsers, so a bad file never reaches a (re)start.
%%   check-rabbitmq-config conf FILE     rabbitmq.conf, through RabbitMQ's cuttlefish schemas
%%   check-rabbitmq-config erlang FILE   advanced.config and the like: Erlang terms
main(["conf", File]) ->
    logger:remove_handler(default),
    [Plugins | _] = filelib:wildcard("/usr/lib/rabbitmq/lib/rabbitmq_server-*/plugins"),
    [code:add_patha(Dir) || Dir <- filelib:wildcard(Plugins ++ "/*/ebin")],
    Schema = cuttlefish_schema:files(filelib:wildcard(Plugins ++ "/*/priv/schema/*.schema")),
    case cuttlefish_conf:files([File]) of
        {errorlist, Errors} -> fail(Errors);
        Conf ->
            case cuttlefish_generator:map(Schema, Conf) of
                {error, _Phase, {errorlist, Errors}} -> fail(Errors);
                _Config -> ok
            end
    end;
main(["erlang", File]) ->
    case file:consult(File) of
        {ok, [Terms]} when is_list(Terms) -> ok;
        {ok, _} -> io:format(standard_error, "~s: expected one list of terms ending in a dot~n", [File]), halt(1);
        {error, Reason} -> io:format(standard_error, "~s: ~s~n", [File, file:format_error(Reason)]), halt(1)
    end;
main(_) ->
    io:format(standard_error, "usage: check-rabbitmq-config conf|erlang FILE~n", []),
    halt(2).

fail(Errors) ->
    [io:format(standard_error, "~s~n", [cuttlefish_error:xlate(E)]) || E <- Errors],
    halt(1).
