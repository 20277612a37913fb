/**
 * Prints where the time went in a .cpuprofile (from node --cpu-prof or profile-chromium.ts).
 *   vite-node bench/node/summarize-profile.ts -- path/to/file.cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs';
import { summarizeProfile } from '../lib/profile-summary.ts';

const [file, top] = process.argv.slice(2);
console.log(summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), Number(top ?? 25)));
