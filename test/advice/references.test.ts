// User-facing text names only files a user has: every document named in a
// string of source/ (what hvtop prints: advice, help, messages), in the README
// or in docs/ must be in this repository; advice cites public URLs.
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import ts from 'typescript';
import {allRules} from '../../source/advice/index.js';
import {references} from '../../source/advice/references.js';
import {adviceOn, everyCase} from './helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tracked = execFileSync('git', ['ls-files'], {cwd: root, encoding: 'utf8'}).split('\n').filter(Boolean);
const names = new Set([...tracked, ...tracked.map(file => path.basename(file))]);

/** Every string literal and template text of a TypeScript file. */
function stringsOf(file: string): string[] {
	const text = readFileSync(path.join(root, file), 'utf8');
	const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
	const out: string[] = [];
	const visit = (node: ts.Node) => {
		if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node) || ts.isJsxText(node)) {
			out.push(node.text);
		}

		ts.forEachChild(node, visit);
	};

	visit(sourceFile);
	return out;
}

/** Document file names in a text, outside URLs. */
export function documentsNamed(text: string): string[] {
	const withoutUrls = text.replaceAll(/https?:\/\/\S+/g, ' ');
	return [...withoutUrls.matchAll(/[\w./-]*\w\.(?:md|rst|txt|pdf|docx?)\b/g)].map(m => m[0].replace(/^\.\//, ''));
}

test('user-facing text names no document that is not in the repository', t => {
	const texts: Array<[string, string]> = [];
	for (const file of tracked.filter(f => /^(source\/.*|cli)\.tsx?$/.test(f))) {
		for (const s of stringsOf(file)) {
			texts.push([file, s]);
		}
	}

	for (const file of tracked.filter(f => f === 'README.md' || f.startsWith('docs/'))) {
		texts.push([file, readFileSync(path.join(root, file), 'utf8')]);
	}

	const missing = texts.flatMap(([file, text]) => documentsNamed(text).filter(name => !names.has(name)).map(name => `${file}: ${name}`));
	t.deepEqual([...new Set(missing)], []);
	t.true(texts.length > 500, 'the scan saw the sources');
});

test('the scan finds a document name (it can fail)', t => {
	t.deepEqual(documentsNamed('source: safety-and-practice.md §2.8 (see https://x.org/a.md)'), ['safety-and-practice.md']);
});

test('every advice cites a public URL', async t => {
	const seen = new Set<string>();
	const results = await adviceOn(everyCase, input => allRules.flatMap(rule => rule.check(input) ?? []));
	for (const advice of results.flatMap(r => r.result)) {
		seen.add(advice.id);
		t.regex(advice.source ?? '', /https:\/\/(docs\.kernel\.org|learn\.microsoft\.com|github\.com|git\.kernel\.org)\//, advice.id);
	}

	t.true(seen.size >= 5, `advice seen: ${[...seen].join(', ')}`);
	for (const url of Object.values(references)) {
		t.regex(url, /^https:\/\//);
	}
});
