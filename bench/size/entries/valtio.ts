// W9 entry: the seed PR's valtio-based manager with the valtio package it needs.
import { ValtioBenchManager } from '../../contestants/valtio-manager.ts';

(globalThis as Record<string, unknown>).manager = new ValtioBenchManager();
