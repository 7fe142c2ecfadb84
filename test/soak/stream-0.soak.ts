import { soakStream } from './soak.ts';

soakStream(0);
