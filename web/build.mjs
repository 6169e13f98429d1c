// Bundles the web client into dist/ for Gateway.Server to serve: the shell's entry (src/ui/main.ts) plus the static
// files in public/ (index.html, styles). dist/.build-stamp tells the server's build that dist is up to date.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
if (existsSync('public')) {
    cpSync('public', 'dist', { recursive: true });
}

const entries = ['src/ui/main.ts', 'src/ui/gateway-session.ts'].filter((file) => existsSync(file));
if (entries.length > 0) {
    await build({
        entryPoints: entries,
        bundle: true,
        format: 'esm',
        target: 'es2022',
        sourcemap: true,
        minify: true,
        outdir: 'dist',
        logLevel: 'warning',
    });
}

writeFileSync('dist/.build-stamp', new Date().toISOString() + '\n');
console.log(`web: built dist/ (${entries.length} entry point${entries.length === 1 ? '' : 's'})`);
