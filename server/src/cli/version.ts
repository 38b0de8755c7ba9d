declare const __VERSION__: string | undefined;
/** The package version, injected at bundle time by esbuild (`dev` when run from sources). */
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';
