using System.Text;
using Xunit.Abstractions;

namespace Gateway.EndToEnd;

/// <summary>
/// The pages of one test. <see cref="RunAsync"/> runs a test body and, when it fails, saves a screenshot of
/// every page to <c>artifacts/test-results/screenshots/every page to <c>artifacts/e2e/&lt;test&gt;.png</c>lt;testevery page to <c>artifacts/e2e/&lt;test&gt;.png</c>gt;.png</c> and prints the clients' state, the browser console and
/// the gateway's log lines written during the test.
/// </summary>
public sealed class BrowserScope : IAsyncDisposable
{
    private readonly GatewayBrowserFixture _fixture;
    private readonly List<GuacamolePage> _pages = [];

    private BrowserScope(GatewayBrowserFixture fixture) => _fixture = fixture;

    public GatewayBrowserFixture Fixture => _fixture;

    public static async Task RunAsync(GatewayBrowserFixture fixture, ITestOutputHelper output, string testName, Func<BrowserScope, Task> body)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(body);
        long firstLogLine = fixture.ServerLog.NextLineNumber;
        await using var scope = new BrowserScope(fixture);
        try
        {
            await body(scope);
        }
        catch (Exception)
        {
            output.WriteLine(await scope.ReportFailureAsync(testName, firstLogLine));
            throw;
        }
    }

    public async Task<GuacamolePage> OpenPageAsync(string pageFile = WebAssets.PageFile)
    {
        var page = await GuacamolePage.OpenAsync(_fixture, pageFile);
        _pages.Add(page);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.DisposeAsync();
        }
    }

    private async Task<string> ReportFailureAsync(string testName, long firstLogLine)
    {
        var report = new StringBuilder();
        Directory.CreateDirectory(_fixture.ArtifactsDirectory);
        for (int i = 0; i < _pages.Count; i++)
        {
            string file = Path.Combine(_fixture.ArtifactsDirectory, i == 0 ? $"{testName}.png" : $"{testName}-page{i + 1}.png");
            try
            {
                await _pages[i].SaveScreenshotAsync(file);
                report.AppendLine($"screenshot: {file}");
            }
            catch (Exception ex)
            {
                report.AppendLine($"no screenshot {file}: {ex.Message}");
            }

            report.AppendLine($"--- page {i + 1}");
            report.AppendLine(await _pages[i].DescribeAsync());
        }

        report.AppendLine("--- gateway log during the test");
        foreach (string line in _fixture.ServerLog.LinesSince(firstLogLine))
        {
            report.AppendLine(line);
        }

        return report.ToString();
    }
}
