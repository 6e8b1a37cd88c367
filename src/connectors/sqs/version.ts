/** The connector's version, reported as Connect plugins report theirs. */
export const VERSION = '0.1.0'
