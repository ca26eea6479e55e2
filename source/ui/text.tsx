// Ink's <Text>, with every string child made visible-safe (source/visible.ts)
// first: the one way text reaches the terminal in the dashboard and --once,
// so an interface name, a driver string or ethtool's error text can never
// carry a terminal escape sequence. Newlines stay (Ink lays them out). Import
// Text from here, never from 'ink' (test/ui/visible-text.test.tsx checks).
import {createElement, type ReactNode} from 'react';
import {Text as InkText, type TextProps} from 'ink';
import {visibleLines} from '../visible.js';

const safe = (child: ReactNode): ReactNode => (typeof child === 'string' ? visibleLines(child) : child);

export function Text(props: TextProps) {
	const {children, ...rest} = props;
	// Spread, not an array: static children need no keys.
	return Array.isArray(children)
		? createElement(InkText, rest, ...children.map(child => safe(child as ReactNode)))
		: createElement(InkText, rest, safe(children));
}

export type {TextProps} from 'ink';
