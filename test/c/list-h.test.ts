/**
 * include/linux/list.h in C (c/list-h.ts): struct list_head and its functions, container_of by the
 * member's offset in words, offsetof, and list_del's poison, which no object lies at.
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

  it('following a deleted entry reads the poison, which lies in no object: an OWNERSHIP finding', () => {
    expect(runAlone(prog, 'order').findings).toEqual([]);
    expect(runAlone(prog, 'use_after_del').findings).toEqual([expect.stringMatching(/^OWNERSHIP: .*0xdead000100/)]);
  });
});
