// Lists the product's source files (source/ and cli.tsx) and parses each with the TypeScript
// compiler, for the structure tests (import layers, sizes). Read-only; no type checking.
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import ts from 'typescript';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** Paths relative to the repository root, with forward slashes, sorted. */
export function productFiles(): string[] {
	const files = ['cli.tsx'];
	const walk = (dir: string): void => {
		for (const entry of readdirSync(path.join(root, dir), {withFileTypes: true})) {
			const relative = `${dir}/${entry.name}`;
			if (entry.isDirectory()) {
				walk(relative);
			} else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
				files.push(relative);
			}
		}
	};

	walk('source');
	return files.sort();
}

export function parse(file: string): ts.SourceFile {
	const text = readFileSync(path.join(root, file), 'utf8');
	return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}
