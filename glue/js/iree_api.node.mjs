// The seed sample's API (seed-api.mjs) for Node.
import { Weft } from './weft.node.mjs';
import { createSeedApi } from './seed-api.mjs';

export const { ireeInitializeWorker, ireeLoadProgram, ireeInspectProgram, ireeUnloadProgram, ireeCallFunction } = createSeedApi(Weft);
