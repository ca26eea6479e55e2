// The colours of the rendered terminal: a dark theme for the 16 ANSI colours,
// xterm's 6×6×6 cube and grey ramp for the rest of the 256.

export const theme = {
	background: '#282c34',
	foreground: '#c8ccd4',
	ansi: [
		'#3f4451', '#e06c75', '#98c379', '#e5c07b', '#61afef', '#c678dd', '#56b6c2', '#d7dae0',
		'#5c6370', '#ff7b86', '#b1e18b', '#f0d197', '#7dc3ff', '#de9bf0', '#6fd0dc', '#ffffff',
	],
} as const;

const hex = (n: number): string => n.toString(16).padStart(2, '0');
const rgb = (r: number, g: number, b: number): string => `#${hex(r)}${hex(g)}${hex(b)}`;
const cubeLevels = [0, 95, 135, 175, 215, 255] as const;

export function paletteColor(index: number): string {
	if (index < 16) {
		return theme.ansi[index] ?? theme.foreground;
	}

	if (index < 232) {
		const n = index - 16;
		return rgb(cubeLevels[Math.floor(n / 36)]!, cubeLevels[Math.floor(n / 6) % 6]!, cubeLevels[n % 6]!);
	}

	const grey = 8 + ((index - 232) * 10);
	return rgb(grey, grey, grey);
}

export const rgbColor = (value: number): string => rgb((value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF);

/** Halfway between two colours: how a dim (faint) foreground is drawn. */
export function mix(a: string, b: string): string {
	const channel = (color: string, i: number): number => Number.parseInt(color.slice(1 + (i * 2), 3 + (i * 2)), 16);
	return rgb(...([0, 1, 2].map(i => Math.round((channel(a, i) + channel(b, i)) / 2)) as [number, number, number]));
}
