// ethtool -d's hex dump (a driver without a decoder in ethtool: hv_netvsc) and
// hv_netvsc's reading of it: 16 little-endian u32, its transmit send table.
import test from 'ava';
import {parseRegisterDump} from '../../source/ethtool/index.js';
import {sendTableFromRegisters} from '../../source/drivers/hv-netvsc.js';

const dump = (bytes: readonly number[]): string => {
	let text = 'Offset\t\tValues\n------\t\t------';
	for (const [i, byte] of bytes.entries()) {
		if (i % 16 === 0) {
			text += `\n0x${i.toString(16).padStart(4, '0')}:\t\t`;
		}

		text += `${byte.toString(16).padStart(2, '0')} `;
	}

	return `${text}\n`;
};

const table = (entries: readonly number[]): number[] => entries.flatMap(entry => [entry & 0xFF, (entry >> 8) & 0xFF, (entry >> 16) & 0xFF, entry >>> 24]);

test('64 bytes in four rows: hv_netvsc\'s 16 entries, little-endian', t => {
	const entries = [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7];
	const parsed = parseRegisterDump(dump(table(entries)));
	t.true(parsed.ok);
	t.is(parsed.ok ? parsed.value.length : 0, 64);
	t.deepEqual(parsed.ok ? sendTableFromRegisters(parsed.value) : undefined, entries);
	// A u32 beyond one byte (a host bug the driver guards against since 5.5) is read whole.
	t.deepEqual(sendTableFromRegisters(table([0x01_02_03_04, ...entries.slice(1)]))?.[0], 0x01_02_03_04);
});

test('a dump of another size is bytes, but not a send table', t => {
	const parsed = parseRegisterDump(dump([1, 2, 3, 4, 5]));
	t.deepEqual(parsed.ok ? parsed.value : undefined, [1, 2, 3, 4, 5]);
	t.is(sendTableFromRegisters([1, 2, 3, 4, 5]), undefined);
});

test('not a hex dump: EPARSE, never a table made of guesses', t => {
	const bad = [
		'',
		'Cannot get register dump: Operation not supported\n',
		'Offset\t\tValues\n------\t\t------\n0x0010:\t\t00 01\n', // does not start at 0
		'Offset\t\tValues\n------\t\t------\n0x0000:\t\t00 zz 01\n',
		'Offset\t\tValues\n------\t\t------\n0x0000:\t\t00 01 \u001B[31m\n',
		`Offset\t\tValues\n------\t\t------\n0x0000:\t\t${'00 '.repeat(17)}\n`,
	];
	for (const text of bad) {
		const parsed = parseRegisterDump(text);
		t.is(parsed.ok ? 'ok' : parsed.error.code, 'EPARSE', JSON.stringify(text));
	}
});
