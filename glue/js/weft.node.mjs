// Weft's public JS API for Node (weft.mjs is the same for browsers); see weft.mjs.

import * as platform from './platform.node.mjs';
import { createWeft } from './api.mjs';

/** @type {typeof import('./weft.js').Weft} */
export const Weft = createWeft(platform);
export { WeftError, ERROR_CODES } from './errors.mjs';
export { tensor, isTensor } from './api.mjs';
export default Weft;
