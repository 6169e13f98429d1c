import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';

// Two projects: plain logic in node, and the display (canvas, createImageBitmap, DOM) in the system
// Chromium through Playwright. Browsers are never downloaded: /usr/bin/chromium must be installed.
export default defineConfig({
    test: {
        projects: [
            {
                test: {
                    name: 'node',
                    // generous: the machine running the suite may be shared and busy
                    testTimeout: 30_000,
                    include: ['test/**/*.test.ts'],
                    exclude: ['test/**/*.browser.test.ts'],
                    environment: 'node',
                },
            },
            {
                test: {
                    name: 'browser',
                    testTimeout: 30_000,
                    include: ['test/**/*.browser.test.ts'],
                    browser: {
                        enabled: true,
                        headless: true,
                        screenshotFailures: false,
                        provider: playwright({
                            launchOptions: {
                                executablePath: '/usr/bin/chromium',
                                args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
                                    '--disable-component-update', '--disable-sync'],
                            },
                        }),
                        instances: [{ browser: 'chromium' }],
                    },
                },
            },
        ],
    },
});
