// Intl.Segmenter loads ICU's break-iterator data (about 2.5 MB resident) when
// it is constructed, and string-width, slice-ansi and ansi-tokenize construct
// theirs at import — though with narrow-width.ts's fast paths hvtop rarely
// needs one. The bundle gives them this instead: built on first use.

export type Segments = Pick<Intl.Segmenter, 'segment'>;

export function lazySegmenter(locales?: string | string[], options?: Intl.SegmenterOptions): Segments {
	let real: Intl.Segmenter | undefined;
	return {
		segment(text: string) {
			real ??= new Intl.Segmenter(locales, options);
			return real.segment(text);
		},
	};
}
