import nock from 'nock';

/**
 * Jest runs many test files in one worker process, and Node's `http` module is shared by all of them, while each
 * file loads its own copy of nock. Each copy patches `http` on top of the last one's patch unless it is removed, so
 * a worker would pile up interceptors file after file. Every file therefore restores `http` when it ends.
 */
afterAll(() => {
  nock.cleanAll();
  nock.restore();
});
