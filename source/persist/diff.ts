// A line diff of what hvtop would write against what is there, in the
// unified style admins read (- removed, + added, two spaces kept), without
// hunks: hvtop's files are a few lines long.

export function lineDiff(path: string, before: string | undefined, after: string | undefined): string[] {
	const a = before === undefined ? [] : before.replace(/\n$/, '').split('\n');
	const b = after === undefined ? [] : after.replace(/\n$/, '').split('\n');
	// Longest common subsequence, from the end.
	const common: number[][] = Array.from({length: a.length + 1}, () => Array.from({length: b.length + 1}, () => 0));
	for (let i = a.length - 1; i >= 0; i--) {
		for (let j = b.length - 1; j >= 0; j--) {
			common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
		}
	}

	const lines = [`--- ${before === undefined ? '/dev/null' : path}`, `+++ ${after === undefined ? '/dev/null' : path}`];
	let i = 0;
	let j = 0;
	while (i < a.length || j < b.length) {
		if (i < a.length && j < b.length && a[i] === b[j]) {
			lines.push(`  ${a[i++]!}`);
			j++;
		} else if (j < b.length && (i === a.length || common[i]![j + 1]! >= common[i + 1]![j]!)) {
			lines.push(`+ ${b[j++]!}`);
		} else {
			lines.push(`- ${a[i++]!}`);
		}
	}

	return lines;
}
