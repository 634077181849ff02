// How we launch Debian's chromium (never a downloaded browser). One list in chromium.json
// for these tests and `cargo xtask bench` (xtask/bench/lib.mjs). Without the
// background-networking flags chromium keeps trying to reach Google's hosts, which this
// machine's closed network refuses: noise in every timing.
import chromium from './chromium.json';

export const chromiumPath: string = chromium.path;
export const chromiumArgs: string[] = chromium.args;
