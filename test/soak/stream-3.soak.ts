import { soakStream } from './soak.ts';

soakStream(3);
