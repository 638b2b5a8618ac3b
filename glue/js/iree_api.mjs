// The seed sample's API (seed-api.mjs) for browsers.
import { Weft } from './weft.mjs';
import { createSeedApi } from './seed-api.mjs';

export const { ireeInitializeWorker, ireeLoadProgram, ireeInspectProgram, ireeUnloadProgram, ireeCallFunction } = createSeedApi(Weft);
