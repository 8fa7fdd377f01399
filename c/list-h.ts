/**
 * include/linux/list.h, the parts a pool keeping its elements on a list uses: `struct list_head`, a
 * circular doubly linked list whose links live in the listed objects, with the kernel's functions
 * written in C (compiled like the user's file, so every link read or written is a load or store, the
 * kernel's WRITE_ONCE/READ_ONCE included) and its macros. `container_of` steps back from a member to
 * its struct by the member's offset in words (`__container_of`: memory is words here, and byte
 * arithmetic on pointers is outside the subset). `list_del` leaves the kernel's poison values, which
 * are no address: a use after it is an access outside every object (OWNERSHIP).
 */
import type { Expr } from './ast.ts';
import { arity, type Handler } from './builtin-args.ts';
import { BIN, BINOPS, CONST, PADD } from './cfg.ts';
import type { Macro } from './macros.ts';
import { tokenize } from './pp-tokens.ts';
import { T, VOID_PTR, isInt, normOf, typeName } from './types.ts';

export const LIST_H_FILE = 'include/linux/list.h';

/** Whether a file uses lists (it includes the header, or names the type some other header brought in). */
export const usesLists = (text: string): boolean => /#\s*include\s*<linux\/list\.h>|\blist_head\b/.test(text);

export const LIST_H = `
struct list_head {
	struct list_head *next, *prev;
};

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	WRITE_ONCE(list->next, list);
	WRITE_ONCE(list->prev, list);
}

static inline void __list_add(struct list_head *new, struct list_head *prev, struct list_head *next)
{
	next->prev = new;
	new->next = next;
	new->prev = prev;
	WRITE_ONCE(prev->next, new);
}

static inline void list_add(struct list_head *new, struct list_head *head)
{
	__list_add(new, head, head->next);
}

static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	__list_add(new, head->prev, head);
}

static inline void __list_del(struct list_head *prev, struct list_head *next)
{
	next->prev = prev;
	WRITE_ONCE(prev->next, next);
}

static inline void __list_del_entry(struct list_head *entry)
{
	__list_del(entry->prev, entry->next);
}

static inline void list_del(struct list_head *entry)
{
	__list_del_entry(entry);
	entry->next = LIST_POISON1;
	entry->prev = LIST_POISON2;
}

static inline void list_del_init(struct list_head *entry)
{
	__list_del_entry(entry);
	INIT_LIST_HEAD(entry);
}

static inline int list_empty(const struct list_head *head)
{
	return READ_ONCE(head->next) == head;
}

static inline int list_is_head(const struct list_head *list, const struct list_head *head)
{
	return list == head;
}

static inline int list_is_last(const struct list_head *list, const struct list_head *head)
{
	return list->next == head;
}

static inline void list_move(struct list_head *list, struct list_head *head)
{
	__list_del_entry(list);
	list_add(list, head);
}

static inline void list_move_tail(struct list_head *list, struct list_head *head)
{
	__list_del_entry(list);
	list_add_tail(list, head);
}

/* list_first_entry_or_null's body: the kernel's macro reads head->next once. */
static inline void *__list_first_or_null(struct list_head *head, unsigned long offset)
{
	struct list_head *pos = READ_ONCE(head->next);
	return pos != head ? __container_of(pos, offset) : NULL;
}
`;

const macro = (name: string, params: string[] | null, body: string): Macro => ({ name, params, body: tokenize(body).map((t) => ({ ...t, col: -1 })) });

export function listMacros(): Macro[] {
  return [
    // The kernel's poison pointers (0x100 and 0x122 past POISON_POINTER_DELTA): no object lies there.
    macro('LIST_POISON1', null, '((void *) 0xdead000100UL)'),
    macro('LIST_POISON2', null, '((void *) 0xdead000122UL)'),
    macro('LIST_HEAD_INIT', ['name'], '{ &(name), &(name) }'),
    macro('LIST_HEAD', ['name'], 'struct list_head name = LIST_HEAD_INIT(name)'),
    macro('container_of', ['ptr', 'type', 'member'], '((type *)__container_of((ptr), offsetof(type, member)))'),
    macro('list_entry', ['ptr', 'type', 'member'], 'container_of(ptr, type, member)'),
    macro('list_first_entry', ['ptr', 'type', 'member'], 'list_entry((ptr)->next, type, member)'),
    macro('list_last_entry', ['ptr', 'type', 'member'], 'list_entry((ptr)->prev, type, member)'),
    macro('list_first_entry_or_null', ['ptr', 'type', 'member'], '((type *)__list_first_or_null((ptr), offsetof(type, member)))'),
    // The kernel's _entry macros name the entry type as typeof(*pos); __entry_like types pos itself.
    macro('list_next_entry', ['pos', 'member'], '__entry_like(pos, (pos)->member.next, member)'),
    macro('list_prev_entry', ['pos', 'member'], '__entry_like(pos, (pos)->member.prev, member)'),
    macro('list_entry_is_head', ['pos', 'head', 'member'], 'list_is_head(&(pos)->member, (head))'),
    macro('list_for_each', ['pos', 'head'], 'for (pos = (head)->next; !list_is_head(pos, (head)); pos = pos->next)'),
    macro('list_for_each_prev', ['pos', 'head'], 'for (pos = (head)->prev; !list_is_head(pos, (head)); pos = pos->prev)'),
    macro('list_for_each_safe', ['pos', 'n', 'head'], 'for (pos = (head)->next, n = pos->next; !list_is_head(pos, (head)); pos = n, n = pos->next)'),
    macro('list_for_each_entry', ['pos', 'head', 'member'], 'for (pos = __entry_like(pos, (head)->next, member); !list_entry_is_head(pos, head, member); pos = list_next_entry(pos, member))'),
    macro('list_for_each_entry_reverse', ['pos', 'head', 'member'], 'for (pos = __entry_like(pos, (head)->prev, member); !list_entry_is_head(pos, head, member); pos = list_prev_entry(pos, member))'),
    macro(
      'list_for_each_entry_safe',
      ['pos', 'n', 'head', 'member'],
      'for (pos = __entry_like(pos, (head)->next, member), n = list_next_entry(pos, member); !list_entry_is_head(pos, head, member); pos = n, n = list_next_entry(n, member))',
    ),
  ];
}

/** `__container_of(ptr, offset)`: `ptr` moved back by `offset` bytes, a whole number of words. */
const containerOf: Handler = (ec, args, pos) => {
  arity(ec, 'container_of', args, 2, pos);
  const p = ec.rvalue(args[0] as Expr);
  if (p.k !== 'ptr') return ec.invalid(pos, `container_of of ${typeName(p)} (a pointer to a member)`);
  const offset = ec.rvalue(args[1] as Expr);
  if (!isInt(offset)) return ec.invalid(pos, 'container_of: the offset is not an integer');
  ec.at(pos);
  ec.code.emit(CONST, 0, 0, 8);
  ec.code.emit(BIN, BINOPS.indexOf('/'), normOf(T.ulong));
  ec.code.emit(PADD, 1, 2);
  return VOID_PTR;
};

/**
 * `__entry_like(pos, ptr, member)`: the entry of `pos`'s type whose `member` is at `ptr`, what the
 * kernel writes `list_entry(ptr, typeof(*pos), member)`. `pos` only gives the type: it is not read.
 */
const entryLike: Handler = (ec, args, pos) => {
  arity(ec, 'the list macro', args, 3, pos);
  const [like, ptr, member] = args as [Expr, Expr, Expr];
  const t = ec.code.piece(() => ec.typeOfUnevaluated(like)).value;
  if (t.k !== 'ptr' || t.to.k !== 'struct') return ec.invalid(pos, `list entry macro on ${typeName(t)} (a pointer to a struct)`);
  if (member.k !== 'id') return ec.unsupported(member.pos, 'a list entry macro whose member is not a plain member name');
  const field = t.to.def.field(member.name);
  if (field === undefined) return ec.invalid(member.pos, `${typeName(t.to)} has no member '${member.name}'`);
  if (field.offset === null) return ec.unsupported(member.pos, `list entry macro on set-once member '${member.name}' (it is not in memory)`);
  const p = ec.rvalue(ptr);
  if (p.k !== 'ptr') return ec.invalid(pos, `list entry macro of ${typeName(p)} (a pointer to a member)`);
  ec.at(pos);
  ec.code.emit(CONST, 0, 0, field.offset);
  ec.code.emit(PADD, 1, 2);
  return t;
};

export const LIST_BUILTINS: readonly (readonly [string, Handler])[] = [
  ['__container_of', containerOf],
  ['__entry_like', entryLike],
];
