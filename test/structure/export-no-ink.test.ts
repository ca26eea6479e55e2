// Issue 18: `hvtop export` runs as a service; it must never load Ink or React.
// Walks every import (static and type) reachable from source/export/ and
// fails on a package of the terminal UI or on any .tsx file on the way.
import {existsSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import ts from 'typescript';
import {parse, productFiles, root} from '../helpers/source-files.js';

const uiPackages = /^(?:ink|react|react-dom|@alcalzone\/ink-table|ink-[\w-]+|react\/.*)$/;

function specifiers(file: string): string[] {
	return parse(file).statements.flatMap(statement =>
		(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
			? [statement.moduleSpecifier.text]
			: []);
}

function resolve(from: string, specifier: string): string {
	const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
	const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, `${base}/index.ts`];
	const found = candidates.find(candidate => existsSync(path.join(root, candidate)));
	if (found === undefined) {
		throw new Error(`${from}: cannot resolve ${specifier}`);
	}

	return found;
}

/** Every UI package or .tsx file reachable from `start`, as "path → what". */
export function uiReach(start: readonly string[]): string[] {
	const seen = new Set<string>();
	const found: string[] = [];
	const queue = [...start];
	while (queue.length > 0) {
		const file = queue.pop()!;
		if (seen.has(file)) {
			continue;
		}

		seen.add(file);
		if (file.endsWith('.tsx')) {
			found.push(`${file} (a .tsx file)`);
		}

		for (const specifier of specifiers(file)) {
			if (specifier.startsWith('.')) {
				queue.push(resolve(file, specifier));
			} else if (uiPackages.test(specifier)) {
				found.push(`${file} → ${specifier}`);
			}
		}
	}

	return found;
}

const exportFiles = productFiles().filter(file => file.startsWith('source/export/') || file.startsWith('source/fleet/'));

test('source/export/ exists and has the exporter', t => {
	t.true(exportFiles.includes('source/export/server.ts'), exportFiles.join(', '));
});

test('nothing reachable from source/export/ or source/fleet/ imports ink or react', t => {
	t.deepEqual(uiReach(exportFiles), []);
});

test('nor from the exporter\'s own entry (dist/hvtop-export.js, which the bin runs for hvtop export)', t => {
	t.deepEqual(uiReach(['source/commands/export-main.ts']), []);
});

test('the walk does see a UI import where there is one (the dashboard)', t => {
	t.true(uiReach(['source/app.tsx']).some(line => line.includes('→ ink')));
});
