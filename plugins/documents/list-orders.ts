import { defineSqlListOrder, OrderDirection } from '../../src';

// The orders the documents list offers (`orderBy: { field, direction }`); the id breaks ties.

export const DocumentOrder = defineSqlListOrder<'REGISTERED_AT' | 'RELEVANCE'>(
  'DocumentOrder',
  {
    // A draft not yet registered sorts by when it was made.
    REGISTERED_AT: ['coalesce(d.registered_at, d.created_at)'],
    // The rank against `filter.search` comes first; the service puts the search into the
    // expression (RELEVANCE needs a search, and is the default when one is given).
    RELEVANCE: ['RANK', 'coalesce(d.registered_at, d.created_at)'],
  },
  { field: 'REGISTERED_AT', direction: OrderDirection.DESC },
  'Order of the documents list (REGISTERED_AT: registered, or created while a draft; RELEVANCE: best match of filter.search first, the default when searching)',
  'd.id',
);
