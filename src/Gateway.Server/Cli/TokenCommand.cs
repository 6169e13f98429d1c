using System.Globalization;
using Gateway.Server.Catalog;
using Gateway.Server.Tokens;

namespace Gateway.Server.Cli;

/// <summary>
/// <c>gateway token ...</c>: mints a connect token and prints it, for scripts and for trying the
/// gateway without a portal. Exit codes: 0 printed a token (or help), 2 bad usage.
/// </summary>
public static class TokenCommand
{
    public const int ExitOk = 0;

    public const int ExitUsage = 2;

    /// <summary>Longest lifetime the command will mint (30 days).</summary>
    public const int MaxTtlSeconds = 30 * 24 * 60 * 60;

    public const string Usage = """
        usage: gateway token (--protocol NAME [--param NAME=VALUE]... | --connection ID | --join $ID)
                             [--ttl SECONDS] [--read-only] [--name "DISPLAY NAME"]

        Mints a one-time connect token and prints it on standard output.

          --protocol NAME      an inline connection using this protocol (vnc, rdp, ssh, ...)
          --param NAME=VALUE   a Guacamole parameter of the inline connection; repeatable;
                               split at the first '='
          --connection ID      a connection defined in the catalog
          --join $ID           join the live connection with this id
          --ttl SECONDS        lifetime in seconds, 1 to 2592000 (default: the configured default)
          --read-only          the user may watch but not control
          --name TEXT          display name of the user
          --help               show this help

        Give exactly one of --protocol, --connection or --join. Values given on a command line
        can be seen by other local users; keep passwords in the catalog where possible.
        """;

    /// <summary>Runs the command; <paramref name="args"/> are the words after <c>token</c>.</summary>
    public static int Run(IReadOnlyList<string> args, TokenCommandContext ctx)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(ctx);

        var parsed = new Arguments();
        string? error = parsed.Parse(args);
        if (error is null && parsed.Help)
        {
            ctx.Out.Write(Usage);
            ctx.Out.Write('\n');
            return ExitOk;
        }

        ConnectToken? token = null;
        error ??= Build(parsed, ctx, out token);
        string? minted = null;
        if (error is null)
        {
            var service = new ConnectTokenService(ctx.Key.Span, new MemoryTokenReplayCache(ctx.TimeProvider, 1), ctx.TimeProvider);
            try
            {
                minted = service.Mint(token!);
            }
            catch (ArgumentException e)
            {
                // Mint's messages describe the shape of the token, never a value.
                error = e.Message.Split(" (Parameter", 2)[0];
            }
        }

        if (error is not null)
        {
            ctx.Error.Write($"gateway token: {error}\n\n{Usage}\n");
            return ExitUsage;
        }

        ctx.Out.Write(minted);
        ctx.Out.Write('\n');
        return ExitOk;
    }

    private static string? Build(Arguments a, TokenCommandContext ctx, out ConnectToken? token)
    {
        token = null;
        int targets = (a.Protocol is null ? 0 : 1) + (a.Connection is null ? 0 : 1) + (a.Join is null ? 0 : 1);
        if (targets != 1)
        {
            return "give exactly one of --protocol, --connection or --join";
        }

        if (a.Parameters is not null && a.Protocol is null)
        {
            return "--param is only allowed with --protocol";
        }

        if (a.Connection is not null && !ctx.Catalog.TryGet(a.Connection, out _))
        {
            return ConnectionNames.IsValidId(a.Connection)
                ? $"connection '{a.Connection}' is not in the catalog"
                : "--connection must be " + ConnectionNames.IdRule;
        }

        int ttl = ctx.DefaultTtlSeconds;
        if (a.Ttl is not null
            && (!int.TryParse(a.Ttl, NumberStyles.None, CultureInfo.InvariantCulture, out ttl) || ttl < 1 || ttl > MaxTtlSeconds))
        {
            return $"--ttl must be a whole number of seconds from 1 to {MaxTtlSeconds}";
        }

        if (ttl < 1 || ttl > MaxTtlSeconds)
        {
            return $"the default lifetime must be from 1 to {MaxTtlSeconds} seconds";
        }

        token = new ConnectToken
        {
            Id = ConnectToken.NewId(),
            ExpiresAt = ctx.TimeProvider.GetUtcNow().AddSeconds(ttl),
            DisplayName = a.Name,
            ConnectionId = a.Connection,
            Protocol = a.Protocol,
            Parameters = a.Parameters,
            ReadOnly = a.ReadOnly,
            Join = a.Join,
        };
        return token.Validate();
    }

    /// <summary>The parsed command line. Error messages never repeat a value the user typed.</summary>
    private sealed class Arguments
    {
        public bool Help { get; private set; }

        public bool ReadOnly { get; private set; }

        public string? Protocol { get; private set; }

        public string? Connection { get; private set; }

        public string? Join { get; private set; }

        public string? Ttl { get; private set; }

        public string? Name { get; private set; }

        public Dictionary<string, string>? Parameters { get; private set; }

        public string? Parse(IReadOnlyList<string> args)
        {
            for (int i = 0; i < args.Count; i++)
            {
                string arg = args[i] ?? string.Empty;
                if (!arg.StartsWith("--", StringComparison.Ordinal) && arg != "-h")
                {
                    return $"unexpected argument at position {i + 1}; options start with --";
                }

                // --name=value is accepted as well as --name value.
                int equals = arg.IndexOf('=', StringComparison.Ordinal);
                string option = equals < 0 ? arg : arg[..equals];
                string? inline = equals < 0 ? null : arg[(equals + 1)..];

                if (option is "--help" or "-h" or "--read-only")
                {
                    if (inline is not null)
                    {
                        return $"{option} takes no value";
                    }

                    if (option == "--read-only")
                    {
                        ReadOnly = true;
                    }
                    else
                    {
                        Help = true;
                    }

                    continue;
                }

                if (option is not ("--protocol" or "--param" or "--connection" or "--join" or "--ttl" or "--name"))
                {
                    return $"unknown option '{Shorten(option)}'";
                }

                string value;
                if (inline is not null)
                {
                    value = inline;
                }
                else if (i + 1 < args.Count && args[i + 1] is not null)
                {
                    value = args[++i];
                }
                else
                {
                    return $"{option} needs a value";
                }

                string? error = option switch
                {
                    "--protocol" => SetOnce(option, Protocol, value, v => Protocol = v),
                    "--connection" => SetOnce(option, Connection, value, v => Connection = v),
                    "--join" => SetOnce(option, Join, value, v => Join = v),
                    "--ttl" => SetOnce(option, Ttl, value, v => Ttl = v),
                    "--name" => SetOnce(option, Name, value, v => Name = v),
                    _ => AddParameter(value),
                };
                if (error is not null)
                {
                    return error;
                }
            }

            return null;
        }

        private static string? SetOnce(string option, string? current, string value, Action<string> set)
        {
            if (current is not null)
            {
                return $"{option} is given twice";
            }

            set(value);
            return null;
        }

        private string? AddParameter(string value)
        {
            int split = value.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                return "--param must look like NAME=VALUE";
            }

            string name = value[..split];
            if (!ConnectionNames.IsValidId(name))
            {
                return "--param names must be " + ConnectionNames.IdRule;
            }

            Parameters ??= new Dictionary<string, string>(StringComparer.Ordinal);
            return Parameters.TryAdd(name, value[(split + 1)..]) ? null : $"--param '{name}' is given twice";
        }

        private static string Shorten(string option) => option.Length <= 40 ? option : string.Concat(option.AsSpan(0, 40), "...");
    }
}
