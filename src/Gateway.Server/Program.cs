using Gateway.Server;
using Gateway.Server.Catalog;
using Gateway.Server.Cli;
using Gateway.Server.Configuration;
using Gateway.Server.Tokens;
using Microsoft.Extensions.Configuration;

if (args.Length > 0 && args[0] == "token")
{
    // `token ...`: mint a connect token with the same key and catalog the server uses.
    var configuration = new ConfigurationBuilder()
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
    var gateway = configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
    var tokens = configuration.GetSection(TokenOptions.SectionName).Get<TokenOptions>() ?? new TokenOptions();
    var catalog = configuration.GetSection(CatalogOptions.SectionName).Get<CatalogOptions>() ?? new CatalogOptions();
    try
    {
        return TokenCommand.Run(args[1..], new TokenCommandContext
        {
            Key = GatewayHost.LoadTokenKey(tokens, gateway),
            TimeProvider = TimeProvider.System,
            Catalog = ConnectionCatalog.Load(catalog),
            Out = Console.Out,
            Error = Console.Error,
            DefaultTtlSeconds = tokens.DefaultTtlSeconds,
        });
    }
    catch (Exception ex) when (ex is InvalidOperationException or CatalogException or IOException or UnauthorizedAccessException)
    {
        await Console.Error.WriteLineAsync("error: " + ex.Message);
        return 1;
    }
}

var app = GatewayHost.Build(args);
await app.RunAsync();
return 0;
