// package.json's name, version, description and bin as the bundle fixes them
// at build time (scripts/bundle.ts defines HVTOP_PACKAGE): the single
// executable has no package.json beside it. Unbundled (tsc's dist/cli.js,
// the tests) it is undefined and meow reads package.json itself.
declare const HVTOP_PACKAGE: Record<string, unknown> | undefined;

export const bundledPackage: Record<string, unknown> | undefined = typeof HVTOP_PACKAGE === 'undefined' ? undefined : HVTOP_PACKAGE;
