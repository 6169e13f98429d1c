using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.TestBackends;
using Xunit.Abstractions;

namespace Gateway.EndToEnd;

/// <summary>
/// Gateway's own web client (web/dist, served by the gateway) in headless Chromium against the test-pattern back end:
/// the standalone session page, the menu and clipboard, the status overlay, uploads, the custom element and iframe
/// mode. A failing test saves a screenshot of its page to artifacts/test-results/screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ShellTests(GatewayBrowserFixture fixture, ITestOutputHelper output)
{
    private const int Width = 640;
    private const int Height = 480;

    private static readonly Rgb Background = Rgb.FromHex(0x336699);
    private static readonly Rgb Red = Rgb.FromHex(0xFF0000);
    private static readonly Rgb Green = Rgb.FromHex(0x00FF00);
    private static readonly Rgb Blue = Rgb.FromHex(0x0000FF);
    private static readonly Rgb White = Rgb.FromHex(0xFFFFFF);
    private static readonly Rgb Black = Rgb.FromHex(0x000000);

    private Uri SessionAddress(string token, string extra = "") =>
        new(fixture.BaseAddress, "/session?token=" + Uri.EscapeDataString(token) + extra);

    private Uri HostPage(string file, string token) =>
        new(fixture.BaseAddress, "/e2e/" + file + "?token=" + Uri.EscapeDataString(token));

    [Fact]
    public Task Session_page_shows_the_test_pattern_and_forgets_the_token() =>
        RunAsync(nameof(Session_page_shows_the_test_pattern_and_forgets_the_token), async page =>
        {
            string token = fixture.MintToken();
            await page.GotoAsync(SessionAddress(token));
            await page.WaitForStateAsync("connected");
            await page.WaitForPixelAsync(224, 32, White);
            await page.AssertPixelsAsync(
                (32, 32, Red), (96, 32, Green), (160, 32, Blue), (224, 32, White), (32, 96, Black),
                (400, 32, Background), (Width - 1, Height - 1, Background));
            Assert.Equal((Width, Height), await page.DisplaySizeAsync());
            Assert.Null(await page.OverlayTitleAsync());
            Assert.DoesNotContain("token", page.Page.Url, StringComparison.Ordinal);
        });

    [Fact]
    public Task On_a_high_density_screen_the_remote_display_has_one_pixel_per_device_pixel() =>
        RunAsync(nameof(On_a_high_density_screen_the_remote_display_has_one_pixel_per_device_pixel), async page =>
        {
            await page.GotoAsync(SessionAddress(fixture.MintToken()));
            await page.WaitForStateAsync("connected");
            await page.WaitForPixelAsync(224, 32, White);
            Assert.Equal((Width * 2, Height * 2), await page.DisplaySizeAsync());
            // Shown at half size in CSS pixels, so each remote pixel is one device pixel.
            var box = await page.InRootAsync<double[]>("const r = root.querySelector('.gw-display').getBoundingClientRect(); return [r.width, r.height];");
            Assert.Equal([Width, Height], box);
        }, deviceScaleFactor: 2);

    [Fact]
    public Task A_larger_remote_display_is_fitted_and_clicks_land_on_the_right_remote_pixel() =>
        RunAsync(nameof(A_larger_remote_display_is_fitted_and_clicks_land_on_the_right_remote_pixel), async page =>
        {
            await page.GotoAsync(SessionAddress(fixture.MintToken(new Dictionary<string, string> { ["width"] = "1280", ["height"] = "960" })));
            await page.WaitForStateAsync("connected");
            await page.WaitForPixelAsync(224, 32, White);
            Assert.Equal((1280, 960), await page.DisplaySizeAsync());
            var box = await page.InRootAsync<double[]>("const r = root.querySelector('.gw-display').getBoundingClientRect(); return [r.left, r.top, r.width, r.height];");
            Assert.Equal([0, 0, Width, Height], box); // fitted: half size

            await page.Page.Mouse.ClickAsync(100, 50);
            await ShellPage.WaitForAsync(() => Task.FromResult(page.SentFrames.Any(f => f.Contains("5.mouse,3.200,3.100,1.1;", StringComparison.Ordinal))),
                found => found, "a mouse press at remote (200,100)");
        });

    [Fact]
    public Task Typing_reaches_the_remote_side_and_a_resized_window_sends_its_size() =>
        RunAsync(nameof(Typing_reaches_the_remote_side_and_a_resized_window_sends_its_size), async page =>
        {
            await page.GotoAsync(SessionAddress(fixture.MintToken()));
            await page.WaitForStateAsync("connected");
            await page.WaitForPixelAsync(32, 96, Black);

            await page.Page.Keyboard.PressAsync("a");
            await page.WaitForPixelAsync(32, 96, new Rgb(0x61, 0x00, 0x80));

            await page.Page.SetViewportSizeAsync(800, 600);
            await ShellPage.WaitForAsync(page.DisplaySizeAsync, s => s == (800, 600), "the remote display to follow the window");
            await page.WaitForPixelAsync(799, 599, Background);
            Assert.Contains(page.SentFrames, f => f.Contains("4.size,3.800,3.600;", StringComparison.Ordinal));
        });

    [Fact]
    public Task Ctrl_alt_shift_opens_the_menu_and_the_clipboard_panel_round_trips() =>
        RunAsync(nameof(Ctrl_alt_shift_opens_the_menu_and_the_clipboard_panel_round_trips), async page =>
        {
            await page.GotoAsync(SessionAddress(fixture.MintToken()));
            await page.WaitForStateAsync("connected");
            await page.WaitForPixelAsync(224, 32, White);

            await page.Page.Keyboard.DownAsync("Control");
            await page.Page.Keyboard.DownAsync("Alt");
            await page.Page.Keyboard.DownAsync("Shift");
            await page.Page.Keyboard.UpAsync("Shift");
            await page.Page.Keyboard.UpAsync("Alt");
            await page.Page.Keyboard.UpAsync("Control");
            var menu = page.Page.GetByRole(Microsoft.Playwright.AriaRole.Dialog, new() { Name = "Session menu" });
            await Microsoft.Playwright.Assertions.Expect(menu).ToBeVisibleAsync();
            var clipboard = menu.GetByLabel("Clipboard", new() { Exact = true });
            await Microsoft.Playwright.Assertions.Expect(clipboard).ToBeFocusedAsync();

            const string Text = "from the shell: grüße ✓ 𝄞";
            await clipboard.FillAsync(Text);
            await page.Page.Keyboard.PressAsync("Escape");
            await Microsoft.Playwright.Assertions.Expect(menu).ToBeHiddenAsync();

            // Sent as a clipboard stream; the test back end echoes it, and the panel shows what came back.
            string blob = "," + Convert.ToBase64String(Encoding.UTF8.GetBytes(Text)).Length.ToString(CultureInfo.InvariantCulture) + "." + Convert.ToBase64String(Encoding.UTF8.GetBytes(Text)) + ";";
            await ShellPage.WaitForAsync(() => Task.FromResult(page.ReceivedFrames.Any(f => f.Contains("9.clipboard,", StringComparison.Ordinal) && f.Contains(blob, StringComparison.Ordinal))),
                found => found, "the echoed clipboard stream");
            Assert.Contains(page.SentFrames, f => f.Contains("9.clipboard,", StringComparison.Ordinal));
            Assert.Contains(page.SentFrames, f => f.Contains(blob, StringComparison.Ordinal));
            Assert.Equal(Text, await page.InRootAsync<string>("return root.querySelector('.gw-clipboard').value;"));
            // Modifiers were released on the remote side: the menu chord left no key down there.
            Assert.Equal("connected", await page.StateAsync());
        });

    [Fact]
    public Task The_menu_is_keyboard_accessible_and_keeps_focus_inside() =>
        RunAsync(nameof(The_menu_is_keyboard_accessible_and_keeps_focus_inside), async page =>
        {
            await page.GotoAsync(SessionAddress(fixture.MintToken()));
            await page.WaitForStateAsync("connected");
            var input = page.Page.GetByLabel("Remote session: keyboard and mouse input go to the remote computer", new() { Exact = false });
            await Microsoft.Playwright.Assertions.Expect(input).ToBeFocusedAsync();

            await page.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
            var menu = page.Page.GetByRole(Microsoft.Playwright.AriaRole.Dialog, new() { Name = "Session menu" });
            await Microsoft.Playwright.Assertions.Expect(menu).ToBeVisibleAsync();

            // Tab cycles inside the dialog: many presses never leave it.
            for (int i = 0; i < 14; i++)
            {
                await page.Page.Keyboard.PressAsync("Tab");
                Assert.True(await page.InRootAsync<bool>("return root.querySelector('.gw-menu').contains(root.activeElement ?? document.activeElement);"), $"focus left the menu after {i + 1} Tab presses");
            }

            await page.Page.Keyboard.PressAsync("Shift+Tab");
            Assert.True(await page.InRootAsync<bool>("return root.querySelector('.gw-menu').contains(document.activeElement);"));

            await menu.GetByLabel("Actual size (1:1)").CheckAsync();
            Assert.Equal("native", await page.InRootAsync<string>("return root.querySelector('.gw-session').dataset.scaling;"));

            await page.Page.Keyboard.PressAsync("Escape");
            await Microsoft.Playwright.Assertions.Expect(menu).ToBeHiddenAsync();
            await Microsoft.Playwright.Assertions.Expect(input).ToBeFocusedAsync();
        });

    [Fact]
    public Task Required_credentials_are_asked_for_in_the_overlay() =>
        RunAsync(nameof(Required_credentials_are_asked_for_in_the_overlay), async page =>
        {
            await page.GotoAsync(SessionAddress(fixture.MintToken(new Dictionary<string, string> { ["require-password"] = "true" })));
            var password = page.Page.GetByLabel("Password", new() { Exact = true });
            await Microsoft.Playwright.Assertions.Expect(password).ToBeFocusedAsync();
            Assert.Equal("password", await password.GetAttributeAsync("type"));
            await password.FillAsync("secret");
            await page.Page.Keyboard.PressAsync("Enter");
            await page.WaitForStateAsync("connected");
            await page.WaitForPixelAsync(224, 32, White);
            Assert.Null(await page.OverlayTitleAsync());
        });

    [Fact]
    public Task A_failing_session_shows_the_overlay_with_its_message_and_a_start_page_button() =>
        RunAsync(nameof(A_failing_session_shows_the_overlay_with_its_message_and_a_start_page_button), async page =>
        {
            await page.GotoAsync(SessionAddress(fixture.MintToken(new Dictionary<string, string> { ["fail-after-ms"] = "300" })));
            await page.WaitForStateAsync("error");
            Assert.Equal("Gateway error", await page.OverlayTitleAsync());
            string text = await page.OverlayTextAsync() ?? string.Empty;
            Assert.Contains("Status 0x0200", text, StringComparison.Ordinal);
            Assert.Contains("Start page", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Reconnecting in", text, StringComparison.Ordinal); // no token provider on a standalone page
        });

    [Fact]
    public Task A_used_token_shows_why_the_session_could_not_open() =>
        RunAsync(nameof(A_used_token_shows_why_the_session_could_not_open), async page =>
        {
            string token = fixture.MintToken();
            await page.GotoAsync(SessionAddress(token));
            await page.WaitForStateAsync("connected");
            await page.GotoAsync(SessionAddress(token));
            await page.WaitForStateAsync("error");
            string title = await page.OverlayTitleAsync() ?? string.Empty;
            output.WriteLine($"overlay for a reused token: {await page.OverlayTextAsync()}");
            Assert.Equal("Not signed in", title); // the gateway refuses a reused token with CLIENT_UNAUTHORIZED
        });

    [Fact]
    public Task A_dropped_file_uploads_with_progress_and_its_echo_downloads() =>
        RunAsync(nameof(A_dropped_file_uploads_with_progress_and_its_echo_downloads), async page =>
        {
            Assert.True(fixture.Sessions.TryGetBackend(TestPatternBackend.ProtocolName, out var backend));
            var files = ((TestPatternBackend)backend).ReceivedFiles;
            ((TestPatternBackend)backend).AcceptUploads = true;
            ((TestPatternBackend)backend).EchoUploads = true; // and sends it back as a download
            await page.GotoAsync(SessionAddress(fixture.MintToken()));
            await page.WaitForStateAsync("connected");

            const int Size = 300_000;
            const string Name = "upload-test.bin";
            var downloaded = new TaskCompletionSource<Microsoft.Playwright.IDownload>(TaskCreationOptions.RunContinuationsAsynchronously);
            page.Page.Download += (_, d) => downloaded.TrySetResult(d);
            await page.InRootAsync<bool>(
                """
                window.progressSeen = [];
                new MutationObserver((records) => {
                    for (const r of records) if (r.target.tagName === 'PROGRESS' && r.target.hasAttribute('value')) window.progressSeen.push(Number(r.target.getAttribute('value')));
                }).observe(root.querySelector('.gw-session'), { subtree: true, attributes: true, attributeFilter: ['value'] });
                const bytes = new Uint8Array(arg.size).map((_, i) => (i * 7 + 3) & 0xff);
                const data = new DataTransfer();
                data.items.add(new File([bytes], arg.name, { type: 'application/octet-stream' }));
                const target = root.querySelector('.gw-session');
                for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
                return true;
                """,
                new { size = Size, name = Name });

            await ShellPage.WaitForAsync(() => page.InRootAsync<string?>("return root.querySelector('.gw-transfer')?.dataset.state ?? null;"),
                s => s is "done" or "error", "the upload to finish");
            Assert.Equal("done", await page.InRootAsync<string?>("return root.querySelector('.gw-transfer').dataset.state;"));
            var progress = await page.Page.EvaluateAsync<int[]>("() => window.progressSeen");
            Assert.Contains(progress, p => p > 0 && p < 100);
            Assert.Equal(100, progress[^1]);

            // The echo arrives as a download with its own progress row and is saved by the browser.
            var download = await downloaded.Task.WaitAsync(ShellPage.Deadline);
            Assert.Equal("echo-" + Name, download.SuggestedFilename);
            string saved = Path.Combine(Path.GetTempPath(), "gateway-e2e-" + Guid.NewGuid().ToString("N"));
            await download.SaveAsAsync(saved);
            byte[] echo = await File.ReadAllBytesAsync(saved);
            File.Delete(saved);
            Assert.Equal(Size, echo.Length);
            Assert.Equal("download", await page.InRootAsync<string?>("return root.querySelector('.gw-transfer[data-direction=\"download\"]')?.dataset.direction ?? null;"));

            var file = await ShellPage.WaitForAsync(() => Task.FromResult(files.FirstOrDefault(f => f.Name == Name)), f => f is not null, "the back end to receive the file");
            Assert.Equal("application/octet-stream", file!.Mimetype);
            Assert.Equal(Size, file.Data.Length);
            for (int i = 0; i < Size; i++)
            {
                if (file.Data[i] != (byte)((i * 7 + 3) & 0xff) || echo[i] != file.Data[i])
                {
                    Assert.Fail($"byte {i} differs");
                }
            }
        });

    [Fact]
    public Task The_custom_element_reports_events_and_reconnects_with_a_fresh_token() =>
        RunAsync(nameof(The_custom_element_reports_events_and_reconnects_with_a_fresh_token), async page =>
        {
            string first = fixture.MintToken(new Dictionary<string, string> { ["fail-after-ms"] = "1500" });
            await page.GotoAsync(HostPage("shell-element.html", first));
            await page.WaitForPixelAsync(224, 32, White);
            Assert.False(await page.Page.EvaluateAsync<bool>("() => document.querySelector('gateway-session').hasAttribute('token')"));

            // The first session crashes on purpose: SERVER_ERROR is retryable, the element asks its tokenProvider
            // for a new token after the countdown, and the session comes back.
            var events = await ShellPage.WaitForAsync(page.HostEventsAsync, e => e.Count(x => Type(x) == "gateway-connected") >= 2,
                "a second gateway-connected event", TimeSpan.FromSeconds(30));
            string[] types = [.. events.Select(Type)];
            Assert.Equal(["gateway-connected", "gateway-error", "gateway-connected"], types[..3]);
            var error = events[1];
            Assert.Equal(0x0200, error.GetProperty("status").GetInt32());
            Assert.True(error.GetProperty("retryable").GetBoolean());
            Assert.Equal(1, await page.Page.EvaluateAsync<int>("() => window.tokenRequests"));
            await page.WaitForStateAsync("connected");

            // Clipboard: text set in the panel goes to the remote side, whose echo fires gateway-clipboard.
            await page.InRootAsync<bool>("const t = root.querySelector('.gw-clipboard'); t.value = arg; t.dispatchEvent(new Event('input')); return true;", "element clipboard");
            events = await ShellPage.WaitForAsync(page.HostEventsAsync, e => e.Any(x => Type(x) == "gateway-clipboard"), "a gateway-clipboard event");
            Assert.Equal("element clipboard", events.First(x => Type(x) == "gateway-clipboard").GetProperty("text").GetString());
        });

    [Fact]
    public Task Iframe_mode_posts_events_to_the_parent_and_asks_it_for_tokens() =>
        RunAsync(nameof(Iframe_mode_posts_events_to_the_parent_and_asks_it_for_tokens), async page =>
        {
            string first = fixture.MintToken(new Dictionary<string, string> { ["fail-after-ms"] = "1500" });
            await page.GotoAsync(HostPage("shell-iframe.html", first));
            var events = await ShellPage.WaitForAsync(page.HostEventsAsync, e => e.Count(x => Type(x) == "connected") >= 2,
                "two connected messages", TimeSpan.FromSeconds(30));
            string[] types = [.. events.Select(Type)];
            Assert.Equal(["connected", "error", "token-request", "connected"], types[..4]);
            Assert.All(events, e => Assert.Equal("gateway", e.GetProperty("source").GetString()));
            Assert.Equal(0x0200, events[1].GetProperty("status").GetInt32());
            string raw = await page.Page.EvaluateAsync<string>("() => JSON.stringify(window.shellEvents)");
            Assert.DoesNotContain(first, raw, StringComparison.Ordinal);
            await page.WaitForPixelAsync(224, 32, White);

            await page.InRootAsync<bool>("const t = root.querySelector('.gw-clipboard'); t.value = arg; t.dispatchEvent(new Event('input')); return true;", "iframe clipboard");
            events = await ShellPage.WaitForAsync(page.HostEventsAsync, e => e.Any(x => Type(x) == "clipboard"), "a clipboard message");
            Assert.Equal("iframe clipboard", events.First(x => Type(x) == "clipboard").GetProperty("text").GetString());
        });

    private static string Type(JsonElement e) => e.TryGetProperty("type", out var t) ? t.GetString() ?? string.Empty : string.Empty;

    private async Task RunAsync(string testName, Func<ShellPage, Task> body, float deviceScaleFactor = 1)
    {
        long firstLogLine = fixture.ServerLog.NextLineNumber;
        await using var page = await ShellPage.OpenAsync(fixture.Browser, Width, Height, () => fixture.MintToken(), deviceScaleFactor);
        try
        {
            await body(page);
        }
        catch (Exception)
        {
            await page.ReportFailureAsync(fixture, output, $"Shell_{testName}.png", firstLogLine);
            throw;
        }
    }
}
