import express from 'express';
import request from 'supertest';
import { jsonBody } from './jsonBody';
import { pathParamErrors } from './pathParams';

const app = (options?: Parameters<typeof jsonBody>[0]) =>
  express()
    .use(jsonBody(options))
    .post('/', (req, res) => void res.json({ got: req.body }));

describe('jsonBody', () => {
  it('passes a JSON body on', async () => {
    const res = await request(app()).post('/').send({ a: 1 });
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { got: { a: 1 } } });
  });

  it('refuses a body that is not JSON as a 400 naming the field body', async () => {
    const res = await request(app()).post('/').set('Content-Type', 'application/json').send('{"a":');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: { name: 'InputError', message: 'The request is not valid: body: The body is not valid JSON; send the request as a JSON object' },
      errors: [{ field: 'body', message: 'The body is not valid JSON; send the request as a JSON object' }],
    });
  });

  it('refuses a body over the limit with 413, naming the limit and what to do', async () => {
    const res = await request(app({ limit: '1mb', tooLargeHint: 'send at most 256 KiB of YAML' }))
      .post('/')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ a: 'x'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
    expect(res.body.errors).toEqual([{ field: 'body', message: 'The body is over 1 MB; send at most 256 KiB of YAML' }]);
  });

  it('refuses a charset it cannot read with 415', async () => {
    const res = await request(app()).post('/').set('Content-Type', 'application/json; charset=bogus').send('{}');
    expect(res.status).toBe(415);
    expect(res.body.errors[0]).toEqual({ field: 'body', message: 'The body is in a character set Slipway does not read; send UTF-8 JSON' });
  });
});

describe('pathParamErrors', () => {
  const routes = express
    .Router()
    .get('/things/:name', (req, res) => void res.json({ name: req.params.name }))
    .use(pathParamErrors());
  const server = express().use(routes);

  it('answers a path segment that is not UTF-8 with a 400 naming the field path', async () => {
    const res = await request(server).get('/things/%ED%A0%80');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'path', message: expect.stringMatching(/not valid percent-encoded UTF-8/) }]);
  });

  it('leaves valid paths and other errors alone', async () => {
    expect((await request(server).get('/things/caf%C3%A9')).body).toEqual({ name: 'café' });
  });
});
