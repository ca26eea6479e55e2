// Issue 14: source/errors.ts is the one errno table. Anywhere else an OpError's
// number comes from it (opError, failWith, fromSystemError), never from a literal:
// a hand-written `errno: 22` can drift from its code, and `errno: 0` hides which
// of hvtop's own codes it means. Allowed: `errno: x ?? 0` (a decoded record
// without a number), which names no code.
import test from 'ava';
import ts from 'typescript';
import {parse, productFiles} from '../helpers/source-files.js';

const table = 'source/errors.ts';

function hasNumber(node: ts.Node): boolean {
	if (ts.isNumericLiteral(node)) {
		return Number(node.text) !== 0;
	}

	return ts.forEachChild(node, child => hasNumber(child) || undefined) ?? false;
}

/** `errno: <literal>` (or an expression holding a non-zero literal) in one file, as "file:line: text". */
export function handMadeErrnos(file: string, source: ts.SourceFile): string[] {
	const found: string[] = [];
	const visit = (node: ts.Node): void => {
		if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'errno') {
			const value = node.initializer;
			if (ts.isNumericLiteral(value) || hasNumber(value)) {
				const {line} = source.getLineAndCharacterOfPosition(node.getStart(source));
				found.push(`${file}:${line + 1}: ${node.getText(source)}`);
			}
		}

		ts.forEachChild(node, visit);
	};

	visit(source);
	return found;
}

test('no file but errors.ts writes an errno number by hand', t => {
	const found = productFiles().filter(file => file !== table).flatMap(file => handMadeErrnos(file, parse(file)));
	t.deepEqual(found, [], `take the number from source/errors.ts (opError/failWith/fromSystemError):\n${found.join('\n')}`);
});

test('the check sees literals, fallbacks and hvtop codes, and lets the table and `?? 0` be', t => {
	const check = (text: string) => handMadeErrnos('x.ts', ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true));
	t.is(check('const e = {code: \'EINVAL\', errno: 22, message: \'m\'};').length, 1);
	t.is(check('const e = {code: \'EGUARD\', errno: 0, message: \'m\'};').length, 1);
	t.is(check('const e = {code: c, errno: typeof n === \'number\' ? n : 5};').length, 1);
	t.is(check('const e = {code: c, errno: errnoNumber(c)};').length, 0);
	t.is(check('const e = {code: c, errno: r.errno ?? 0};').length, 0);
	t.is(check('// {code: \'EPARSE\', errno: 0}\nconst e = opError(\'EPARSE\');').length, 0);
});
