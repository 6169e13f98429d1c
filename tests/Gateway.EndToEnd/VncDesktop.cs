using System.Globalization;
using Gateway.IntegrationTests.Servers;
using Gateway.IntegrationTests.Vnc;
using Gateway.Server.Tokens;

namespace Gateway.EndToEnd;

/// <summary>
/// One real Xvnc shared by the tests of a class: the <c>#336699</c> background, the XWD test pattern at
/// (<see cref="PatternX"/>, <see cref="PatternY"/>) and, when asked, a black xterm running <c>cat</c> at the
/// bottom left. No window manager runs, so the keyboard goes to the window under the pointer.
/// </summary>
public sealed class VncDesktop : IAsyncLifetime
{
    public const int PatternX = 400;
    public const int PatternY = 60;

    /// <summary>The xterm's area: typed characters appear inside it.</summary>
    public static readonly (int X, int Y, int Width, int Height) XtermArea = (0, 300, 300, 100);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("gateway-e2e-shellvnc-");
    private XvncServer? _server;
    private XClients? _clients;

    public XvncServer Server => _server ?? throw new InvalidOperationException("the desktop is not started");

    public XClients Clients => _clients ?? throw new InvalidOperationException("the desktop is not started");

    public async Task InitializeAsync()
    {
        _server = await XvncServer.StartAsync(640, 480, ["-SecurityTypes", "None"]);
        _clients = new XClients(_server.Display);
        await PaintAsync(_clients, "#336699");
        _clients.Start("xterm", "-fa", "DejaVu Sans Mono", "-fs", "14", "-geometry", $"26x3+{XtermArea.X}+{XtermArea.Y}", "-bg", "black", "-fg", "white", "-e", "cat");
    }

    /// <summary>Sets the root background to <paramref name="colour"/> and shows the test pattern over it.</summary>
    public async Task PaintAsync(XClients clients, string colour)
    {
        ArgumentNullException.ThrowIfNull(clients);
        string xwd = Path.Combine(_directory.FullName, "pattern.xwd");
        if (!File.Exists(xwd))
        {
            TestPattern.WriteXwd(xwd);
        }

        await clients.RunAsync("xsetroot", null, "-solid", colour);
        clients.Start("xwud", "-in", xwd, "-geometry", $"+{PatternX}+{PatternY}");
    }

    /// <summary>A one-time token for the vnc back end at <paramref name="port"/>, by default lossless so pixels are exact.</summary>
    public static string MintToken(ConnectTokenService tokens, int port, bool resize = true, bool lossless = true)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var parameters = new Dictionary<string, string>
        {
            ["hostname"] = "127.0.0.1",
            ["port"] = port.ToString(CultureInfo.InvariantCulture),
        };
        if (lossless)
        {
            parameters["force-lossless"] = "true";
        }

        if (!resize)
        {
            parameters["disable-display-resize"] = "true";
        }

        return tokens.Mint(new ConnectToken
        {
            Id = ConnectToken.NewId(),
            ExpiresAt = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5),
            Protocol = "vnc",
            Parameters = parameters,
            DisplayName = "e2e-shell-vnc",
        });
    }

    /// <summary>Points of the test pattern (bar centres, the grey block) shown with its top left at (x, y).</summary>
    public static (int X, int Y, Rgb Expected)[] PatternPoints(int x = PatternX, int y = PatternY)
    {
        var points = new List<(int X, int Y, Rgb Expected)>();
        for (int bar = 0; bar < 8; bar++)
        {
            points.Add((x + (8 * bar) + 4, y + 6, Rgb.FromHex(TestPattern.Rgb((8 * bar) + 3, 5))));
        }

        points.Add((x + 12, y + 26, Rgb.FromHex(0x808080)));
        return [.. points];
    }

    public async Task DisposeAsync()
    {
        _clients?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // a leftover temporary directory is harmless
        }
    }
}
