// Host pages for the shell's embedding tests (the gateway's CSP allows only same-origin scripts, so this is a
// file). Both record what the session reports in window.shellEvents. Fresh tokens come from window.mintToken,
// which the Playwright test exposes.
const params = new URLSearchParams(location.search);
const token = params.get('token') ?? '';
window.shellEvents = [];
window.tokenRequests = 0;
const mint = async () => {
    window.tokenRequests++;
    return await window.mintToken();
};

if (document.body.dataset.mode === 'element') {
    await customElements.whenDefined('gateway-session');
    const element = document.createElement('gateway-session');
    element.tokenProvider = mint;
    for (const type of ['gateway-connected', 'gateway-disconnected', 'gateway-error', 'gateway-clipboard']) {
        element.addEventListener(type, (event) => window.shellEvents.push({ type, ...event.detail }));
    }

    element.setAttribute('token', token);
    document.body.append(element);
    window.shellReady = true;
} else {
    const frame = document.createElement('iframe');
    frame.title = 'Remote session';
    frame.allow = 'fullscreen; clipboard-read; clipboard-write';
    frame.src = `/session?token=${encodeURIComponent(token)}&embed=1&origin=${encodeURIComponent(location.origin)}`;
    window.addEventListener('message', async (event) => {
        if (event.source !== frame.contentWindow || event.origin !== location.origin) {
            return;
        }

        window.shellEvents.push(event.data);
        if (event.data?.type === 'token-request') {
            frame.contentWindow.postMessage({ type: 'token', token: await mint() }, location.origin);
        }
    });
    document.body.append(frame);
    window.shellReady = true;
}
