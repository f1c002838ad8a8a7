// import … from 'kuzzle-dump' in Node: the CommonJS API (js/index.js) as named exports.
// The parity test checks that this list matches js/index.js.
import api from './index.js';

export default api;
export const {
  backend,
  checkIndexName,
  checkIndexNameSync,
  checkCollectionName,
  checkCollectionNameSync,
  parsePhysicalName,
  parsePhysicalNameSync,
  jsonValidate,
  jsonValidateSync,
  LineSplitter,
} = api;
