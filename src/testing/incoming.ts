// What a transport (the fake's fetch, or listen()'s server) hands the fake's core: a request already read, its body
// bounded as Django bounds it.

/** The largest body the fake reads: Django's default DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MiB. */
export const MAX_BODY_BYTES = 2_621_440;

/** A request as a transport hands it over; a body over MAX_BODY_BYTES is not read, only flagged `tooLarge`. */
export interface Incoming {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
  tooLarge?: boolean;
}
