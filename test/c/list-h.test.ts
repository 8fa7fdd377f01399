/**
 * include/linux/list.h in C (c/list-h.ts): struct list_head and its functions, container_of by the
 * member's offset in words, offsetof, and list_del's poison, which no object lies at; the _entry
 * iterators, whose entry type the kernel writes typeof(*pos) and the checker takes from pos itself.
 */
import { describe, expect, it } from 'vitest';
import { program, runAlone } from './helpers.ts';

const C = `
#include <linux/list.h>
#include <linux/slab.h>

struct item {
	long value;
	struct list_head link;
};

static struct list_head *new_head(void)
{
	struct list_head *h = kmalloc(sizeof(*h), GFP_KERNEL);
	INIT_LIST_HEAD(h);
	return h;
}

static struct item *new_item(long value)
{
	struct item *it = kmalloc(sizeof(*it), GFP_KERNEL);
	it->value = value;
	return it;
}

long offset(void) { return offsetof(struct item, link); }

long order(void)
{
	struct list_head *h = new_head();
	struct list_head *pos;
	long digits = 0;
	list_add(&new_item(2)->link, h);
	list_add(&new_item(1)->link, h);
	list_add_tail(&new_item(3)->link, h);
	list_for_each(pos, h)
		digits = digits * 10 + list_entry(pos, struct item, link)->value;
	return digits;
}

long first_after_del(void)
{
	struct list_head *h = new_head();
	struct item *a = new_item(7);
	struct item *b = new_item(8);
	list_add_tail(&a->link, h);
	list_add_tail(&b->link, h);
	list_del(&a->link);
	return list_first_entry(h, struct item, link)->value * 10 + list_empty(h);
}

int emptied(void)
{
	struct list_head *h = new_head();
	struct item *a = new_item(1);
	list_add(&a->link, h);
	list_del_init(&a->link);
	return list_empty(h) * 10 + list_empty(&a->link);
}

static struct list_head *three(void)
{
	struct list_head *h = new_head();
	list_add_tail(&new_item(1)->link, h);
	list_add_tail(&new_item(2)->link, h);
	list_add_tail(&new_item(3)->link, h);
	return h;
}

long build_three(void)
{
	return three() != NULL;
}

long count_three(void)
{
	struct list_head *h = three();
	struct item *it;
	long n = 0;
	list_for_each_entry(it, h, link)
		n++;
	return n;
}

long entries(void)
{
	struct list_head *h = three();
	struct item *it;
	long digits = 0;
	list_for_each_entry(it, h, link)
		digits = digits * 10 + it->value;
	list_for_each_entry_reverse(it, h, link)
		digits = digits * 10 + it->value;
	return digits;
}

long drain(void)
{
	struct list_head *h = three();
	struct item *it, *n;
	long digits = 0;
	list_for_each_entry_safe(it, n, h, link) {
		digits = digits * 10 + it->value;
		list_del(&it->link);
		kfree(it);
	}
	return digits * 10 + list_empty(h);
}

long first_or_null(void)
{
	struct list_head *h = new_head();
	struct item *a = new_item(5);
	long none = list_first_entry_or_null(h, struct item, link) == NULL;
	list_add(&a->link, h);
	return none * 10 + list_first_entry_or_null(h, struct item, link)->value;
}

long moves(void)
{
	struct list_head *h = three();
	struct list_head *pos, *n;
	long digits = 0;
	list_move(&list_last_entry(h, struct item, link)->link, h);
	list_for_each_prev(pos, h)
		digits = digits * 10 + list_entry(pos, struct item, link)->value;
	list_move_tail(&list_first_entry(h, struct item, link)->link, h);
	list_for_each_safe(pos, n, h)
		digits = digits * 10 + list_entry(pos, struct item, link)->value;
	return digits * 10 + list_is_last(&list_last_entry(h, struct item, link)->link, h);
}

long use_after_del(void)
{
	struct list_head *h = new_head();
	struct item *a = new_item(1);
	list_add(&a->link, h);
	list_del(&a->link);
	return a->link.next->next != 0;
}
`;

describe('linux/list.h', () => {
  const prog = program(C);

  it('offsetof counts the words before the member, eight bytes each', () => {
    expect(runAlone(prog, 'offset').result).toBe(8);
  });

  it('list_add puts at the head, list_add_tail at the tail; list_for_each and list_entry walk it', () => {
    expect(runAlone(prog, 'order').result).toBe(123);
  });

  it('list_del unlinks; list_first_entry finds the next; list_del_init leaves an empty entry', () => {
    expect(runAlone(prog, 'first_after_del').result).toBe(80);
    expect(runAlone(prog, 'emptied').result).toBe(11);
  });

  it('every link is a memory access: INIT_LIST_HEAD is two marked stores', () => {
    const ops = runAlone(prog, 'emptied').ops;
    expect(ops.filter((o) => o.kind === 'store' && o.order === 'once').length).toBeGreaterThanOrEqual(4);
  });

  it('list_for_each_entry and _reverse walk the entries of pos\'s own type, both ways', () => {
    expect(runAlone(prog, 'entries').result).toBe(123321);
  });

  it('list_for_each_entry reads head->next, then each entry\'s next: one load per step, as the kernel macro', () => {
    const loads = (fn: string): number => runAlone(prog, fn).ops.filter((o) => o.kind === 'load').length;
    // Three entries: head->next, then link.next of each of the three (the last one leads back to the head).
    expect(loads('count_three') - loads('build_three')).toBe(4);
    expect(runAlone(prog, 'count_three').result).toBe(3);
  });

  it('list_for_each_entry_safe lets the body delete and free the entry it is on', () => {
    expect(runAlone(prog, 'drain')).toMatchObject({ result: 1231, findings: [] });
  });

  it('list_first_entry_or_null: NULL on an empty list, the entry otherwise', () => {
    expect(runAlone(prog, 'first_or_null').result).toBe(15);
  });

  it('list_move, list_move_tail, list_last_entry, list_for_each_prev, list_for_each_safe, list_is_last', () => {
    // 1 2 3, the last moved to the head: 3 1 2, read backwards 2 1 3; the first moved to the tail: 1 2 3.
    expect(runAlone(prog, 'moves').result).toBe(2131231);
  });

  it('an _entry macro on a pos that is not a pointer to a struct with that member is refused with one line', () => {
    const body = (decl: string, member: string): string =>
      `#include <linux/list.h>\nstruct item { long value; struct list_head link; };\nlong f(struct list_head *h) { ${decl}; long n = 0; list_for_each_entry(it, h, ${member}) n++; return n; }\n`;
    expect(() => program(body('struct item *it', 'link'))).not.toThrow();
    expect(() => program(body('long *it', 'link'))).toThrow(/^test\.c:3:\d+: .*list entry macro on long \* \(a pointer to a struct\)$/);
    expect(() => program(body('struct item *it', 'nolink'))).toThrow(/^test\.c:3:\d+: .*struct item has no member 'nolink'$/);
  });

  it('following a deleted entry reads the poison, which lies in no object: an OWNERSHIP finding', () => {
    expect(runAlone(prog, 'order').findings).toEqual([]);
    expect(runAlone(prog, 'use_after_del').findings).toEqual([expect.stringMatching(/^OWNERSHIP: .*0xdead000100/)]);
  });
});
