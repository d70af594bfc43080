import type { Embedder } from "../memory/embedder";
import type { VectorIndex } from "../memory/vector-index";
import { isMetered, meterOf } from "./metered-env";

// Words, numbers and each punctuation mark: BERT's pre-tokenizer, before its word pieces split rarer words further.
const PRE_TOKENS = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;
/** [CLS] and [SEP], which bge adds to every text. */
const SPECIAL_TOKENS = 2;

/** Input tokens of one text as bge counts them, at least: Workers AI answers no usage for embeddings. */
export function embeddingTokens(text: string): number {
  return (text.match(PRE_TOKENS)?.length ?? 0) + SPECIAL_TOKENS;
}

/**
 * A retrieval backend (an index and its embedder) counting into the meter the `env` it was
 * built from counts into at the time of each call: each query is one vector query, each text embedded its tokens. Left as it is when
 * `env` is not metered.
 */
export function meteredVectors<B extends { index: VectorIndex; embedder: Embedder }>(env: object, backend: B): B {
  if (!isMetered(env)) return backend;
  const { index, embedder } = backend;
  return {
    ...backend,
    index: {
      insert: (vectors) => index.insert(vectors),
      upsert: (vectors) => index.upsert(vectors),
      deleteByIds: (ids) => index.deleteByIds(ids),
      query(vector, options) {
        meterOf(env)?.add({ vector_queries: 1 });
        return index.query(vector, options);
      },
    },
    embedder: {
      name: embedder.name,
      dimensions: embedder.dimensions,
      embed(texts) {
        meterOf(env)?.add({ embedding_tokens: texts.reduce((n, t) => n + embeddingTokens(t), 0) });
        return embedder.embed(texts);
      },
    },
  };
}
