import { describe, expect, it } from 'vitest';
import { clientVersion } from '../src/index';

describe('library', () => {
    it('exposes its version', () => {
        expect(clientVersion).toMatch(/^\d+\.\d+\.\d+$/);
    });
});
