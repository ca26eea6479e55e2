// Issue 14: small modules. No function in source/ (or cli.tsx) is longer than 120 lines, no file
// longer than 400. Functions are function declarations and expressions, arrow functions, methods,
// accessors and constructors, React components included; a nested function counts on its own and
// inside its parent. The allowlists held the violators with their sizes when the reshaping began;
// it removed them all, so both lists are empty: every function and file in source/ is within bounds.
import test from 'ava';
import ts from 'typescript';
import {parse, productFiles} from '../helpers/source-files.js';

const maxFunctionLines = 120;
const maxFileLines = 400;

// "file:name" → lines it may not exceed (empty: issue 14's reshaping split them all).
const allowedFunctions = new Map<string, number>([
]);

// File → lines it may not exceed (empty: issue 14's reshaping split them all).
const allowedFiles = new Map<string, number>([
]);

function nameOf(node: ts.Node): string {
	const named = node as ts.Node & {name?: ts.Node};
	if (named.name !== undefined && (ts.isIdentifier(named.name) || ts.isPrivateIdentifier(named.name) || ts.isStringLiteral(named.name))) {
		return named.name.text;
	}

	if (ts.isConstructorDeclaration(node)) {
		return 'constructor';
	}

	// An anonymous function takes the name it is bound to: `const x = () => ...`, `{x: () => ...}`.
	const {parent} = node;
	if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) {
		return parent.name.text;
	}

	return `<anonymous@${parent.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1}>`;
}

export function functionSizes(file: string): Array<{name: string; lines: number}> {
	const source = parse(file);
	const found: Array<{name: string; lines: number}> = [];
	const line = (position: number) => source.getLineAndCharacterOfPosition(position).line;
	const visit = (node: ts.Node): void => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
			found.push({name: nameOf(node), lines: line(node.getEnd()) - line(node.getStart()) + 1});
		}

		ts.forEachChild(node, visit);
	};

	visit(source);
	return found;
}

const files = productFiles();

test('the measure sees functions, arrows and methods', t => {
	const all = files.flatMap(file => functionSizes(file));
	t.true(all.length > 500, `only ${all.length} functions found`);
	t.true(all.some(f => f.lines === 1), 'one-line arrows are missed');
});

test(`no function is longer than ${maxFunctionLines} lines`, t => {
	const violations: string[] = [];
	const seen = new Set<string>();
	for (const file of files) {
		for (const {name, lines} of functionSizes(file)) {
			const key = `${file}:${name}`;
			if (lines <= maxFunctionLines) {
				continue;
			}

			const allowed = allowedFunctions.get(key);
			if (allowed === undefined || lines > allowed) {
				violations.push(`${key} is ${lines} lines (max ${maxFunctionLines}${allowed === undefined ? '' : `; allowlisted at ${allowed}, it grew`})`);
			} else {
				seen.add(key);
			}
		}
	}

	const stale = [...allowedFunctions.keys()].filter(key => !seen.has(key));
	t.deepEqual(violations, [], `functions too long:\n${violations.join('\n')}`);
	t.deepEqual(stale, [], `allowlisted functions now short enough or gone (delete them from \`allowedFunctions\`):\n${stale.join('\n')}`);
});

test(`no file is longer than ${maxFileLines} lines`, t => {
	const violations: string[] = [];
	const seen = new Set<string>();
	for (const file of files) {
		const {text} = parse(file);
		const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0); // As `wc -l` counts
		if (lines <= maxFileLines) {
			continue;
		}

		const allowed = allowedFiles.get(file);
		if (allowed === undefined || lines > allowed) {
			violations.push(`${file} is ${lines} lines (max ${maxFileLines}${allowed === undefined ? '' : `; allowlisted at ${allowed}, it grew`})`);
		} else {
			seen.add(file);
		}
	}

	const stale = [...allowedFiles.keys()].filter(file => !seen.has(file));
	t.deepEqual(violations, [], `files too long:\n${violations.join('\n')}`);
	t.deepEqual(stale, [], `allowlisted files now short enough or gone (delete them from \`allowedFiles\`):\n${stale.join('\n')}`);
});
