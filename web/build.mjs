// Bundles the web client for Gateway.Server to serve (wwwroot is created by this script, never committed).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = ['src/ui/main.ts'].filter((file) => existsSync(file));
if (entries.length === 0) {
    console.log('web: nothing to bundle yet');
} else {
    await build({
        entryPoints: entries,
        bundle: true,
        format: 'esm',
        target: 'es2022',
        sourcemap: true,
        minify: true,
        outdir: 'dist',
        logLevel: 'info',
    });
}
