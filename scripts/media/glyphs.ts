// Block elements and box-drawing characters are drawn as shapes, not text:
// fonts disagree on their size, and a sparkline or a table border must fill
// its cell exactly to line up with its neighbours.

/** A rectangle in cell fractions: x0, y0, x1, y1 (y grows downwards). */
export type Box = readonly [number, number, number, number];

export type Arm = 0 | 1 | 2;

export type Glyph =
	| {readonly kind: 'fill'; readonly boxes: readonly Box[]; readonly opacity?: number}
	/** Lines from the centre to the edges: up, right, down, left (1 light, 2 heavy). */
	| {readonly kind: 'lines'; readonly arms: readonly [Arm, Arm, Arm, Arm]; readonly round?: boolean};

const eighths = (n: number) => n / 8;
const glyphs = new Map<string, Glyph>();
const fill = (char: string, ...boxes: Box[]) => glyphs.set(char, {kind: 'fill', boxes});

fill('▀', [0, 0, 1, 0.5]);
for (let k = 1; k <= 8; k++) {
	fill(String.fromCodePoint(0x25_80 + k), [0, 1 - eighths(k), 1, 1]); // ▁ … █
}

for (let k = 1; k <= 7; k++) {
	fill(String.fromCodePoint(0x25_90 - k), [0, 0, eighths(k), 1]); // ▏ … ▉
}

fill('▐', [0.5, 0, 1, 1]);
fill('▔', [0, 0, 1, eighths(1)]);
fill('▕', [1 - eighths(1), 0, 1, 1]);
const quadrant = {ul: [0, 0, 0.5, 0.5], ur: [0.5, 0, 1, 0.5], ll: [0, 0.5, 0.5, 1], lr: [0.5, 0.5, 1, 1]} as const;
const quadrants: Record<string, ReadonlyArray<keyof typeof quadrant>> = {
	'▖': ['ll'], '▗': ['lr'], '▘': ['ul'], '▙': ['ul', 'll', 'lr'], '▚': ['ul', 'lr'], '▛': ['ul', 'ur', 'll'],
	'▜': ['ul', 'ur', 'lr'], '▝': ['ur'], '▞': ['ur', 'll'], '▟': ['ur', 'll', 'lr'],
};
for (const [char, parts] of Object.entries(quadrants)) {
	fill(char, ...parts.map(part => quadrant[part]));
}

for (const [char, opacity] of [['░', 0.25], ['▒', 0.5], ['▓', 0.75]] as const) {
	glyphs.set(char, {kind: 'fill', boxes: [[0, 0, 1, 1]], opacity});
}

// Light (1) and heavy (2) lines, U+2500 block: arms up, right, down, left.
const lines: Record<string, string> = {
	'─': '0101', '━': '0202', '│': '1010', '┃': '2020',
	'┌': '0110', '┏': '0220', '┐': '0011', '┓': '0022', '└': '1100', '┗': '2200', '┘': '1001', '┛': '2002',
	'├': '1110', '┣': '2220', '┤': '1011', '┫': '2022', '┬': '0111', '┳': '0222', '┴': '1101', '┻': '2202',
	'┼': '1111', '╋': '2222', '╴': '0001', '╵': '1000', '╶': '0100', '╷': '0010',
	'╸': '0002', '╹': '2000', '╺': '0200', '╻': '0020',
};
for (const [char, arms] of Object.entries(lines)) {
	glyphs.set(char, {kind: 'lines', arms: [...arms].map(Number) as unknown as [Arm, Arm, Arm, Arm]});
}

for (const [char, arms] of [['╭', '0110'], ['╮', '0011'], ['╯', '1001'], ['╰', '1100']] as const) {
	glyphs.set(char, {kind: 'lines', arms: [...arms].map(Number) as unknown as [Arm, Arm, Arm, Arm], round: true});
}

export const glyphFor = (char: string): Glyph | undefined => glyphs.get(char);
