// Bundles hvtop into one ES module (dist/hvtop-app.js, loaded by the bin
// dist/hvtop.js after it checks the Node version) with esbuild.
// Why: loading Ink's ~200 small ES modules one by one is most of Node's
// startup; one file starts about 0.2 s sooner (docs: README, Performance).
// The bundle also pins React's production build (NODE_ENV is defined, so the
// development build is not even included) and applies two measured fixes
// to dependencies, see the plugins below.
//   node --import=tsx scripts/bundle.ts [entry outfile]
import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import {basename, dirname} from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import * as esbuild from 'esbuild';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const narrowWidthModule = fileURLToPath(new URL('../source/perf/narrow-width.ts', import.meta.url));
const lazySegmenterModule = fileURLToPath(new URL('../source/perf/lazy-segmenter.ts', import.meta.url));
const fastOutputModule = fileURLToPath(new URL('../source/perf/fast-output.ts', import.meta.url));
/** The exporter's entry (source/commands/export-main.ts), bundled alone beside the bin. */
export const exportEntry = 'source/commands/export-main.ts';

export type BundleOptions = {
	readonly entry: string;
	readonly outfile: string;
	/** Route string-width through the exact fast path (default on). */
	readonly fastWidth?: boolean;
	/** Apply the dependency patches below (default on). */
	readonly patches?: boolean;
	/** Minify whitespace and syntax, never names (default on). */
	readonly minify?: boolean;
	/** Node options and environment for the `#!` line (the bin gets binNodeFlags and binEnv). */
	readonly nodeFlags?: readonly string[];
	readonly nodeEnv?: Readonly<Record<string, string>>;
	/** With a launcher: also bundle the exporter alone (exportFileOf), which the launcher runs for `hvtop export`. */
	readonly exportEntry?: string;
};

/**
 * How the bin starts, via `#!/usr/bin/env -S …` (measured in README,
 * Performance). A 4 MB young generation and 50 % heap growth keep V8's heap
 * near what is live (~15 MB) with about one scavenge a tick, and one malloc
 * arena stops each V8 worker thread from keeping its own. A function counts
 * as hot only after 32× V8's default bytecode budget: at 1 Hz, TurboFan's
 * compile threads were half of hvtop's CPU for the first minutes (a long
 * tail of React, Ink and model functions compiled one after another), while
 * loops over 10 000 flows still get compiled within a few ticks. (Measured
 * in paired pty runs: 16× and 24× as good, 48× and 64× worse — the model's
 * loops stay interpreted longer — and 256× far worse; that was when the
 * model's step still walked its flows.) Without TurboFan at all (--no-opt,
 * as the exporter runs) figure 1 read 1.85 % against 1.55 % with it (one
 * run each in turns, after the step stopped walking flows): the dashboard keeps it.
 */
export const binNodeFlags: readonly string[] = ['--max-semi-space-size=4', '--heap-growing-percent=50', '--interrupt-budget=2162688'];
/**
 * What the launcher sets for `hvtop export` before loading it. No TurboFan
 * (--no-opt; Ignition and Sparkplug stay): a scrape every 15 s runs each
 * function a few times, so optimised code never paid back its compiling, and
 * compiling touched 3.3 MB more of the node binary and held ~2.5 MB of malloc
 * (startup peak RSS 59.5 MB with it, 53 MB without; figure 9's set-up). The
 * model's step walks queues, not flows (source/netvsc/rate-integral.ts), so
 * nothing in a scrape needs compiled loops: 4–5 ms a scrape in process.
 * A young generation that keeps its first size (1 MB of new space, measured): a scrape
 * allocates ~5 MB, and under the dashboard's 4 MB cap V8 grew the young
 * generation to 8 MB resident for garbage that lives one scrape (peak RSS
 * 68 MB, 63 MB without; CPU no worse, measured over 15 s scrapes).
 * V8 reads both whenever it uses them, so setting them at run time takes
 * effect for everything the exporter's bundle does.
 */
export const exportV8Flags: readonly string[] = ['--no-opt', '--semi-space-growth-factor=1'];
export const binEnv: Readonly<Record<string, string>> = {MALLOC_ARENA_MAX: '1'};

// Every copy of string-width that any dependency imports is wrapped, each
// around itself, so no package sees another version's answers.
const fastWidthPlugin: esbuild.Plugin = {
	name: 'hvtop-fast-width',
	setup(build) {
		build.onResolve({filter: /^string-width$/}, async args => {
			if ((args.pluginData as {real?: boolean} | undefined)?.real) {
				return undefined;
			}

			const real = await build.resolve(args.path, {kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: {real: true}});
			if (real.errors.length > 0) {
				return {errors: real.errors};
			}

			return {path: real.path, namespace: 'hvtop-fast-width'};
		});
		build.onLoad({filter: /.*/, namespace: 'hvtop-fast-width'}, args => ({
			contents: [
				`import realWidth from ${JSON.stringify(args.path)};`,
				'import stripAnsi from \'strip-ansi\';',
				`import {narrowWidth} from ${JSON.stringify(narrowWidthModule)};`,
				'export default function stringWidth(input, options) {',
				'\treturn narrowWidth(input, options, stripAnsi) ?? realWidth(input, options);',
				'}',
			].join('\n'),
			resolveDir: dirname(args.path),
			loader: 'js',
		}));
	},
};

// Ink loads react-devtools-core only when DEV=true; it is not a dependency.
// Fail that import the way Node would, so Ink prints its own hint.
const noDevtoolsPlugin: esbuild.Plugin = {
	name: 'hvtop-no-devtools',
	setup(build) {
		build.onResolve({filter: /^\.\/devtools\.js$/}, args => (/[/\\]ink[/\\]build[/\\]/.test(args.importer) ? {path: 'devtools', namespace: 'hvtop-no-devtools'} : undefined));
		build.onLoad({filter: /.*/, namespace: 'hvtop-no-devtools'}, () => ({
			contents: 'const error = new Error("react-devtools-core is not bundled with hvtop"); error.code = "ERR_MODULE_NOT_FOUND"; throw error;',
			loader: 'js',
		}));
	},
};

// Source patches to dependencies, each an exact text replacement that must
// match (the build fails when a dependency changes under it). Each keeps the
// output byte for byte (test/perf/bundle.test.ts renders frames with and
// without them). Ink rebuilds its whole cell grid every render, and
// ansi-tokenize segmented each line with Intl.Segmenter, gave every cell its
// own copy of its style list, then diffed neighbouring cells with three fresh
// Sets each: with 64 queues that was most of a frame's CPU and garbage.
// Ink's two module-level caches grew with every distinct text, for ever.
type Patch = {readonly file: RegExp; readonly from: string; readonly to: string; readonly why: string; readonly append?: string};

export const dependencyPatches: readonly Patch[] = [
	{
		file: /[/\\](?:string-width[/\\]index|slice-ansi[/\\]tokenize-ansi|ansi-tokenize[/\\]build[/\\]tokenize)\.js$/,
		from: 'new Intl.Segmenter(',
		to: 'hvtopLazySegmenter(',
		append: `import {lazySegmenter as hvtopLazySegmenter} from ${JSON.stringify(lazySegmenterModule)};`,
		why: 'grapheme segmenters are built on first use',
	},
	{
		file: /@alcalzone[/\\]ansi-tokenize[/\\]build[/\\]styledChars\.js$/,
		from: '...token,\n                styles: [...codes],',
		// `codes` is replaced, never mutated, after each escape; no reader
		// mutates styles. Char tokens have exactly these three fields.
		to: 'type: token.type, value: token.value, fullWidth: token.fullWidth,\n                styles: codes,',
		why: 'characters of one run share one style list',
	},
	{
		file: /@alcalzone[/\\]ansi-tokenize[/\\]build[/\\]styledChars\.js$/,
		from: 'ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
		// The diff between a style list and itself (or two empty ones) is empty.
		to: 'if (chars[i - 1].styles !== char.styles && (chars[i - 1].styles.length > 0 || char.styles.length > 0)) ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
		why: 'no diff between equal neighbours',
	},
	{
		file: /@alcalzone[/\\]ansi-tokenize[/\\]build[/\\]styledChars\.js$/,
		from: 'ret += ansiCodesToString(diffAnsiCodes(char.styles, []));',
		to: 'if (char.styles.length > 0) ret += ansiCodesToString(diffAnsiCodes(char.styles, []));',
		why: 'nothing to reset after an unstyled character',
	},
	{
		file: /@alcalzone[/\\]ansi-tokenize[/\\]build[/\\]tokenize\.js$/,
		from: 'for (const { segment, index } of segmenter.segment(str)) {',
		// Where every UTF-16 unit is a grapheme of its own (printable ASCII,
		// ESC, and the narrow characters of source/perf/narrow-width.ts),
		// walking the units gives the segments Intl.Segmenter would.
		to: 'for (const { segment, index } of (hvtopSingleUnits(str) ? hvtopUnits(str) : segmenter.segment(str))) {',
		append: `import {singleUnitText as hvtopSingleUnits, units as hvtopUnits} from ${JSON.stringify(narrowWidthModule)};`,
		why: 'no grapheme segmenter for text of single-unit graphemes',
	},
	{
		file: /[/\\]ink[/\\]build[/\\]output\.js$/,
		from: "                row.push({\n                    type: 'char',\n                    value: ' ',\n                    fullWidth: false,\n                    styles: [],\n                });\n",
		// Cells are replaced, never mutated: every blank cell can be the same one.
		to: '                row.push(blankCell);\n',
		why: 'blank cells are one shared cell',
	},
	{
		file: /[/\\]ink[/\\]build[/\\]output\.js$/,
		from: 'class OutputCaches {',
		to: "const blankCell = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });\nclass OutputCaches {",
		why: 'the shared blank cell',
	},
	{
		file: /[/\\]ink[/\\]build[/\\]output\.js$/,
		from: '    get() {\n',
		// A frame that is a plain column of lines needs no cell grid; its rows
		// are cached across frames (source/perf/fast-output.ts).
		to: '    get() {\n        const hvtopFast = hvtopFastOutputGet(this, { tokenize, styledCharsFromTokens, styledCharsToString });\n        if (hvtopFast !== undefined) {\n            return hvtopFast;\n        }\n',
		append: `import {fastOutputGet as hvtopFastOutputGet} from ${JSON.stringify(fastOutputModule)};`,
		why: 'a column of lines skips Ink\'s cell grid',
	},
	{
		file: /[/\\]ink[/\\]build[/\\]ansi-tokenizer\.js$/,
		from: '    for (const character of text) {\n        if (isC1ControlCharacter(character)) {\n            return true;\n        }\n    }\n    return false;\n};',
		// Code points 0x80–0x9F are single UTF-16 units, and no surrogate is in
		// that range: one regex test instead of a loop over every character of
		// every line of every frame.
		to: '    return hvtopC1Control.test(text);\n};',
		append: 'const hvtopC1Control = /[\\u0080-\\u009F]/;',
		why: 'C1 controls found by one regex',
	},
	{
		file: /[/\\]ink[/\\]build[/\\]measure-text\.js$/,
		from: '    cache.set(text, dimensions);',
		// Keyed by the text itself: every new rate on screen added an entry,
		// forever (about 7 KB a second with 64 queues). Start over instead.
		to: '    if (cache.size >= 4096) cache.clear();\n    cache.set(text, dimensions);',
		why: 'Ink\'s text measure cache is bounded',
	},
	{
		file: /[/\\]ink[/\\]build[/\\]wrap-text\.js$/,
		from: 'const cache = {};',
		to: 'let cache = {};\nlet cacheSize = 0;',
		why: 'Ink\'s wrap cache can be replaced',
	},
	{
		file: /[/\\]ink[/\\]build[/\\]wrap-text\.js$/,
		from: '    cache[cacheKey] = wrappedText;',
		to: '    if (++cacheSize > 4096) {\n        cache = {};\n        cacheSize = 1;\n    }\n    cache[cacheKey] = wrappedText;',
		why: 'Ink\'s wrap cache is bounded',
	},
];

const patchPlugin: esbuild.Plugin = {
	name: 'hvtop-dependency-patches',
	setup(build) {
		build.onLoad({filter: /[/\\]node_modules[/\\].*\.js$/}, args => {
			const patches = dependencyPatches.filter(patch => patch.file.test(args.path));
			if (patches.length === 0) {
				return undefined;
			}

			let contents = readFileSync(args.path, 'utf8');
			for (const patch of patches) {
				if (!contents.includes(patch.from)) {
					return {errors: [{text: `dependency patch "${patch.why}" no longer applies to ${args.path}: re-measure and update scripts/bundle.ts`}]};
				}

				contents = contents.replace(patch.from, patch.to);
				if (patch.append) {
					contents += `\n${patch.append}\n`;
				}
			}

			return {contents, loader: 'js', resolveDir: dirname(args.path)};
		});
	},
};

/**
 * CommonJS dependencies run inside the ES module and expect CommonJS's
 * module globals: React calls require(), and write-file-atomic (preferences,
 * `hvtop persist`, `hvtop export --textfile`) hashes __filename into its
 * temporary names, which threw "__filename is not defined" in the bundle.
 * The banner gives the module a require() and the bundle's own path; define
 * points free uses of __filename/__dirname at it (a module that declares its
 * own keeps it: esbuild replaces only unbound names).
 */
export const commonJsBanner = [
	'import {createRequire as __hvtopCreateRequire} from \'node:module\';',
	'import {dirname as __hvtopDirnameOf} from \'node:path\';',
	'import {fileURLToPath as __hvtopFileURLToPath} from \'node:url\';',
	'const require = __hvtopCreateRequire(import.meta.url);',
	'const __hvtopFilename = __hvtopFileURLToPath(import.meta.url);',
	'const __hvtopDirname = __hvtopDirnameOf(__hvtopFilename);',
].join(' ');
const commonJsGlobals = {__filename: '__hvtopFilename', __dirname: '__hvtopDirname'};

/** Where the bin's bundle goes beside its launcher: dist/hvtop.js → dist/hvtop-app.js. */
export const appFileOf = (outfile: string): string => outfile.replace(/(\.js)?$/, '-app.js');
/** Where the exporter's bundle goes beside the launcher: dist/hvtop.js → dist/hvtop-export.js. */
export const exportFileOf = (outfile: string): string => outfile.replace(/(\.js)?$/, '-export.js');

/** The packages of the terminal UI: the exporter's bundle must hold none of them. */
const uiPackage = /[/\\]node_modules[/\\](?:ink|react|react-dom|@alcalzone[/\\]ink-table|ink-[\w-]+|yoga-layout)[/\\]/;

/**
 * The exporter alone: an entry that runs exportMain with the arguments after
 * "export". Fails the build when anything of the terminal UI got in.
 */
async function bundleExporter(entry: string, outfile: string): Promise<void> {
	const result = await esbuild.build({
		...commonOptions({}),
		stdin: {
			contents: `import {exportMain} from ${JSON.stringify(`./${entry}`)};\nprocess.exitCode = await exportMain(process.argv.slice(3));\n`,
			resolveDir: repoRoot,
			sourcefile: 'hvtop-export-entry.ts',
			loader: 'ts',
		},
		outfile,
	});
	const ui = Object.keys(result.metafile.inputs).filter(input => uiPackage.test(`/${input}`));
	if (ui.length > 0) {
		throw new Error(`the exporter's bundle (${entry}) reaches the terminal UI: ${ui.slice(0, 5).join(', ')}`);
	}
}

/** The package.json fields meow shows (--version, the --help heading), fixed at build time: a bundle run from elsewhere (the single executable) has no package.json beside it. */
function packageFields(): Record<string, unknown> {
	const json = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as Record<string, unknown>;
	return {name: json['name'], version: json['version'], description: json['description'], bin: json['bin']};
}

/** The exporter's bundle, loaded after its V8 flags are set (exportV8Flags). */
function exporterImport(exportApp: string): string {
	const flags = exportV8Flags.map(flag => `v8.setFlagsFromString(${JSON.stringify(flag)}); `).join('');
	return `import('node:v8').then(function (v8) { ${flags}return import(${JSON.stringify(`./${exportApp}`)}); })`;
}

/**
 * The bin itself: the `#!` line with the measured flags, then a check of the
 * Node version in syntax every Node parses (the bundle needs Node 20; Node 12
 * would fail to parse it and Node 18 would stop in a dependency, each with a
 * stack trace), then the bundle: the exporter's own for `hvtop export`.
 */
export function launcherText(app: string, launch: readonly string[], exportApp?: string): string {
	return [
		`#!/usr/bin/env -S ${launch.join(' ')}`,
		'// hvtop: checks the Node version, then loads the bundled app (scripts/bundle.ts).',
		'var major = Number(String(process.versions.node).split(\'.\')[0]);',
		'if (major < 20) {',
		`\tprocess.stderr.write(${JSON.stringify(`hvtop: needs Node.js 20 or newer; this is Node.js `)} + process.version + ${JSON.stringify('; install Node 20 (README, Set up) or use the single executable, which needs no Node\n')});`,
		'\tprocess.exitCode = 1;',
		'} else {',
		// `hvtop export` runs as a service: its own bundle, without the dashboard.
		`\t${exportApp === undefined ? `import(${JSON.stringify(`./${app}`)})` : `(process.argv[2] === 'export' ? ${exporterImport(exportApp)} : import(${JSON.stringify(`./${app}`)}))`}.catch(function (error) {`,
		'\t\tprocess.stderr.write(\'hvtop: cannot load the app: \' + (error && error.message) + \'\\n\');',
		'\t\tprocess.exitCode = 1;',
		'\t});',
		'}',
		'',
	].join('\n');
}

export async function bundle(options: BundleOptions): Promise<esbuild.Metafile> {
	const launch = [...Object.entries(options.nodeEnv ?? {}).map(([name, value]) => `${name}=${value}`), 'node', ...(options.nodeFlags ?? [])];
	const appFile = launch.length > 1 ? appFileOf(options.outfile) : options.outfile;
	const result = await esbuild.build({
		...commonOptions(options),
		entryPoints: [options.entry],
		outfile: appFile,
		plugins: [noDevtoolsPlugin, ...(options.fastWidth === false ? [] : [fastWidthPlugin]), ...(options.patches === false ? [] : [patchPlugin])],
	});
	const exportApp = launch.length > 1 && options.exportEntry !== undefined ? exportFileOf(options.outfile) : undefined;
	if (exportApp !== undefined) {
		await bundleExporter(options.exportEntry!, exportApp);
	}

	if (launch.length > 1) {
		writeFileSync(options.outfile, launcherText(basename(appFile), launch, exportApp === undefined ? undefined : basename(exportApp)));
	}

	chmodSync(options.outfile, 0o755);
	return result.metafile;
}

/** What the app's and the exporter's bundles share. */
function commonOptions(options: Pick<BundleOptions, 'minify'>) {
	return {
		absWorkingDir: repoRoot,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		// Whitespace and syntax only: the source text stays in memory for the
		// life of the process (about 4 MB less RSS than unminified), while
		// names are kept so HVTOP_DEBUG stack traces stay readable.
		minifyWhitespace: options.minify ?? true,
		minifySyntax: options.minify ?? true,
		legalComments: 'none',
		metafile: true,
		logLevel: 'warning',
		define: {'process.env.NODE_ENV': '"production"', HVTOP_PACKAGE: JSON.stringify(packageFields()), ...commonJsGlobals},
		banner: {js: commonJsBanner},
		// bcryptjs's CommonJS build: its ES module imports node:crypto at the top,
		// which an ES bundle hoists to load at start (~1.2 MB resident) even though
		// bcryptjs itself is loaded only with the first basic-auth check.
		alias: {bcryptjs: './node_modules/bcryptjs/umd/index.js'},
	} satisfies esbuild.BuildOptions;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const [entry = 'cli.tsx', outfile = 'dist/hvtop.js'] = process.argv.slice(2);
	await bundle({entry, outfile, nodeFlags: binNodeFlags, nodeEnv: binEnv, exportEntry});
}
