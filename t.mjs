import { PGlite } from '@electric-sql/pglite';
const t=Date.now();
const pg = await PGlite.create();
console.log('start ms', Date.now()-t);
console.log((await pg.query(`select to_tsvector('swedish','Ansökan om bygglov för garage och carport') @@ websearch_to_tsquery('swedish','garaget') as m, version()`)).rows);
const t2=Date.now(); const c = await pg.clone(); console.log('clone ms', Date.now()-t2);
