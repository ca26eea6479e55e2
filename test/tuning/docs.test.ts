// The documented exit statuses and keys are the ones the code has.
import {readFile} from 'node:fs/promises';
import test from 'ava';
import {exitCodeTable, exitCodes} from '../../source/commands/exit-codes.js';

test('docs/tuning.md lists every exit status exactly as the code defines it', async t => {
	const docs = await readFile('docs/tuning.md', 'utf8');
	for (const [code, meaning] of exitCodeTable) {
		t.true(docs.includes(`| ${code} | ${meaning} |`), `${code}: ${meaning}`);
	}

	t.deepEqual(exitCodeTable.map(([code]) => code), [...new Set(Object.values(exitCodes))].sort((a, b) => a - b));
});

test('docs/tuning.md names the journal location and the state dir override', async t => {
	const docs = await readFile('docs/tuning.md', 'utf8');
	t.true(docs.includes('/run/hvtop/net-NETNS/journal/DEV.jsonl'));
	t.true(docs.includes('HVTOP_STATE_DIR'));
});

test('the README lists every exit status and the journal location too', async t => {
	const readme = await readFile('README.md', 'utf8');
	for (const [code, meaning] of exitCodeTable) {
		t.true(readme.includes(`| ${code} | ${meaning} |`), `${code}: ${meaning}`);
	}

	t.true(readme.includes('/run/hvtop/net-NETNS/journal/DEV.jsonl'));
	t.true(readme.includes('hvtop rollback'));
});
