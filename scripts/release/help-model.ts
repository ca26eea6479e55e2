// Reads `hvtop --help` (source/help-text.ts) into its parts, so the man page
// and the completions are generated from the text users see, not a copy.
// The text's shape: a title line, headed blocks of two-space indented lines
// ("Usage", "Options"; an option's description may go on in lines indented
// further), and plain paragraph lines ("Exit status: …" among them).

export type HelpOption = {
	/** `--device` */
	readonly flag: string;
	/** `NAME`, when the flag takes a value. */
	readonly arg?: string;
	readonly text: string;
};

export type HelpUsage = {readonly command: string; readonly text: string};

export type HelpModel = {
	readonly title: string;
	readonly usage: readonly HelpUsage[];
	readonly options: readonly HelpOption[];
	/** Paragraph lines outside the blocks, in order. */
	readonly notes: readonly string[];
};

const dedent = (text: string): string[] => {
	const lines = text.split('\n');
	const indents = lines.filter(line => line.trim() !== '').map(line => /^\s*/.exec(line)![0].length);
	const common = Math.min(...indents);
	return lines.map(line => line.slice(common).replace(/\s+$/, ''));
};

/** Splits `  --flag ARG    text` or `  $ hvtop set …    text` at the first run of two or more spaces. */
const split = (line: string): [string, string] => {
	const match = /^(\S.*?)(?: {2,}(.*))?$/.exec(line.trim())!;
	return [match[1]!, match[2] ?? ''];
};

const optionBlocks = new Set(['options', 'flags']);

export function parseHelp(helpText: string): HelpModel {
	const lines = dedent(helpText);
	let title = '';
	let block = '';
	const usage: HelpUsage[] = [];
	const options: Array<{flag: string; arg?: string; text: string}> = [];
	const notes: string[] = [];
	for (const [index, line] of lines.entries()) {
		if (line === '') {
			block = '';
			continue;
		}

		const indented = line.startsWith('  ');
		if (!indented) {
			if (title === '') {
				title = line;
			} else if ((lines[index + 1] ?? '').startsWith('  ')) {
				block = line.toLowerCase();
			} else {
				notes.push(line);
			}

			continue;
		}

		const deeper = /^ {4,}/.test(line);
		if (block === 'usage' && line.trim().startsWith('$')) {
			const [command, text] = split(line.trim().replace(/^\$\s*/, ''));
			usage.push({command, text});
		} else if (optionBlocks.has(block) && !deeper && line.trim().startsWith('-')) {
			const [heads, text] = split(line);
			// `--help, --version    this text; the version` lists two flags on one line.
			for (const head of heads.split(/,\s+/)) {
				const [flag = head, ...arg] = head.split(/[ =]/);
				options.push({flag, ...(arg.length > 0 ? {arg: arg.join(' ')} : {}), text});
			}
		} else if (optionBlocks.has(block) && options.length > 0) {
			options.at(-1)!.text = `${options.at(-1)!.text} ${line.trim()}`.trim();
		} else {
			notes.push(line.trim());
		}
	}

	return {title, usage, options, notes};
}

// Flags meow answers itself, and one the help mentions but does not list.
const builtIn: readonly HelpOption[] = [
	{flag: '--help', text: 'print the usage and exit (also -h)'},
	{flag: '--version', text: 'print the version and exit'},
	{flag: '--list-scenarios', text: 'print the model\'s scenarios and exit'},
];

/** The listed options (builtIn's own words for its flags: the help says them of two at once), then the rest of builtIn. */
export function allOptions(help: HelpModel): HelpOption[] {
	const listed = new Set(help.options.map(option => option.flag));
	const own = (option: HelpOption) => builtIn.find(builtin => builtin.flag === option.flag) ?? option;
	return [...help.options.map(option => own(option)), ...builtIn.filter(option => !listed.has(option.flag))];
}
