/** The dhcpd.conf reader: `parseDhcpdConf(text, file)` and `loadDhcpdConf(path)`. */
export { parseDhcpdConf, loadDhcpdConf, mergeParams, emptyParams, type ParseOptions } from './parser.js';
export { tokenize, TokenStream, type Token } from './lexer.js';
