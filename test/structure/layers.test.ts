// Issue 14: data flows one way. Every static import (including `import type` and
// `export ... from`) in source/ and cli.tsx must point to the same layer or a lower one.
// Layers, bottom to top, are in `layerOf`. Today's back edges are in `allowed`; the
// views/live reshaping removes them, and then the list must be emptied. The test also
// fails on any import cycle between files.
import {existsSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import ts from 'typescript';
import {parse, productFiles, root} from '../helpers/source-files.js';

const layers = [
	'leaves', // Types, clock, format, errors, drivers/, plural, visible, help text, perf/ (bundler patches)
	'netvsc, ethtool',
	'sources',
	'stats',
	'advice, views',
	'tuning',
	'persist', // What makes a kept change last (.link files, records): reads tuning's kinds
	'export, fleet', // Issue 18: Prometheus metrics out and back in; never Ink or React (export-no-ink.test.ts)
	'ui, output',
	'commands', // And the wiring they share: options, open-source, run-batch
	'cli', // App, main, cli.tsx
] as const;

const folderLayer: Record<string, number> = {
	drivers: 0,
	perf: 0,
	netvsc: 1,
	ethtool: 1,
	sources: 2,
	stats: 3,
	advice: 4,
	views: 4,
	tuning: 5,
	persist: 6,
	export: 7,
	fleet: 7,
	ui: 8,
	output: 8,
	commands: 9,
};

// Files at the root of source/ that are not leaves.
const rootFileLayer: Record<string, number> = {
	'fault-spec.ts': 2, // Parses --fault for the model source
	'poll.ts': 3, // Reads a source into DeviceReading (stats)
	'app.tsx': 10,
	'main.tsx': 10,
	'options.ts': 9,
	'open-source.ts': 9,
	'run-batch.ts': 9,
	'preferences.ts': 9, // The dashboard's preferences file: flags-like values under the flags
};

export function layerOf(file: string): number {
	if (file === 'cli.tsx') {
		return 10;
	}

	const parts = file.split('/').slice(1); // Drop "source"
	if (parts.length > 1) {
		const layer = folderLayer[parts[0]!];
		if (layer === undefined) {
			throw new Error(`${file}: folder source/${parts[0]}/ has no layer; add it to folderLayer in test/structure/layers.test.ts`);
		}

		return layer;
	}

	return rootFileLayer[parts[0]!] ?? 0;
}

// Back edges allowed, each "from → to" with its reason. None since the issue 14 reshaping; keep it that way.
const allowed = new Set<string>([
]);

function resolve(from: string, specifier: string): string | undefined {
	if (!specifier.startsWith('.')) {
		return undefined; // A package or node: builtin
	}

	const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
	const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, `${base}.tsx`, `${base}/index.ts`];
	return candidates.find(candidate => existsSync(path.join(root, candidate)));
}

// `import type` is erased when compiled: it counts for layers, not for load-time cycles.
const typeOnly = (statement: ts.ImportDeclaration | ts.ExportDeclaration): boolean => ts.isImportDeclaration(statement)
	? statement.importClause?.phaseModifier === ts.SyntaxKind.TypeKeyword
		|| Boolean(statement.importClause && !statement.importClause.name && statement.importClause.namedBindings && ts.isNamedImports(statement.importClause.namedBindings)
			&& statement.importClause.namedBindings.elements.length > 0 && statement.importClause.namedBindings.elements.every(element => element.isTypeOnly))
	: statement.isTypeOnly;

export function importsOf(file: string, {values = false} = {}): string[] {
	const found: string[] = [];
	for (const statement of parse(file).statements) {
		if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement))
			&& statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) && !(values && typeOnly(statement))) {
			const target = resolve(file, statement.moduleSpecifier.text);
			if (target === undefined && statement.moduleSpecifier.text.startsWith('.')) {
				throw new Error(`${file}: cannot resolve import '${statement.moduleSpecifier.text}'`);
			}

			if (target !== undefined) {
				found.push(target);
			}
		}
	}

	return found;
}

const graph = new Map(productFiles().map(file => [file, importsOf(file)]));
// What runs when a module loads: cycles here can see a half-initialised module.
const valueGraph = new Map(productFiles().map(file => [file, importsOf(file, {values: true})]));

/** Strongly connected components with more than one file (Tarjan). */
function cycles(): string[][] {
	let index = 0;
	const indices = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const result: string[][] = [];
	const visit = (node: string): void => {
		indices.set(node, index);
		low.set(node, index);
		index++;
		stack.push(node);
		onStack.add(node);
		for (const next of valueGraph.get(node) ?? []) {
			if (!indices.has(next)) {
				visit(next);
				low.set(node, Math.min(low.get(node)!, low.get(next)!));
			} else if (onStack.has(next)) {
				low.set(node, Math.min(low.get(node)!, indices.get(next)!));
			}
		}

		if (low.get(node) === indices.get(node)) {
			const component: string[] = [];
			let member: string;
			do {
				member = stack.pop()!;
				onStack.delete(member);
				component.push(member);
			} while (member !== node);

			if (component.length > 1) {
				result.push(component.sort());
			}
		}
	};

	for (const node of valueGraph.keys()) {
		if (!indices.has(node)) {
			visit(node);
		}
	}

	return result;
}

test('every source file has a layer, and the walk sees the imports', t => {
	t.true(graph.size > 100, `only ${graph.size} files found under source/`);
	for (const file of graph.keys()) {
		t.notThrows(() => layerOf(file));
	}

	t.true(graph.get('cli.tsx')!.length > 0, 'cli.tsx has no resolved imports: the walk is broken');
});

test('no import points from a lower layer to a higher one', t => {
	const violations: string[] = [];
	const used = new Set<string>();
	for (const [file, targets] of graph) {
		for (const target of targets) {
			if (layerOf(target) > layerOf(file)) {
				const edge = `${file} → ${target}`;
				if (allowed.has(edge)) {
					used.add(edge);
				} else {
					violations.push(`${edge}  (layer "${layers[layerOf(file)]}" imports layer "${layers[layerOf(target)]}")`);
				}
			}
		}
	}

	const stale = [...allowed].filter(edge => !used.has(edge));
	t.deepEqual(violations, [], `imports that point up the layers:\n${violations.join('\n')}`);
	t.deepEqual(stale, [], `allowlist entries that no longer occur (delete them from \`allowed\`):\n${stale.join('\n')}`);
});

// Load-time cycles allowed, with their reasons: none since the issue 14 reshaping.
const allowedCycles = new Set<string>([
]);

test('no import cycles between files (imports that run at load; type-only ones are erased)', t => {
	const found = cycles().map(component => component.join(' ↔ '));
	const unexpected = found.filter(cycle => !allowedCycles.has(cycle));
	const stale = [...allowedCycles].filter(cycle => !found.includes(cycle));
	t.deepEqual(unexpected, [], `import cycles:\n${unexpected.join('\n')}`);
	t.deepEqual(stale, [], `allowed cycles that no longer occur (delete them from \`allowedCycles\`):\n${stale.join('\n')}`);
});
