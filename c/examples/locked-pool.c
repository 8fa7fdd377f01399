/*
 * locked-pool.c - a memory pool in the style of mm/mempool.c, written from scratch
 * to show mempool-check running a C file of your own (`--impl c:c/examples/locked-pool.c`).
 *
 * It keeps the API and struct of <linux/mempool.h> but differs from Linux v4.1:
 *  - every access to the reserve is made under the pool lock: mempool_free has no
 *    lockless test, so the smp_wmb/smp_rmb pair of v4.1 is not needed;
 *  - a free that hands its element back to the allocator of a pool with no reserve
 *    (min_nr == 0) wakes the waiters, which then retry the allocator (the case
 *    Linux fixed in v6.17);
 *  - a resize whose refill adds an element wakes the waiters (v4.1 never does).
 * The alloc/free functions of the pool constructors (mempool_alloc_slab...) are the
 * checker's own, the seed's: this file does not define them.
 */
#include <linux/mempool.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/export.h>

#define POOL_TIMEOUT	(5 * HZ)
#define RESERVE_SHORT(pool)	((pool)->curr_nr < (pool)->min_nr)

/* Both with the pool lock held. */
static void push_element(mempool_t *pool, void *element)
{
	BUG_ON(!RESERVE_SHORT(pool));
	pool->elements[pool->curr_nr] = element;
	pool->curr_nr++;
}

static void *pop_element(mempool_t *pool)
{
	BUG_ON(pool->curr_nr <= 0);
	pool->curr_nr--;
	return pool->elements[pool->curr_nr];
}

void mempool_destroy(mempool_t *pool)
{
	while (pool->curr_nr > 0)
		pool->free(pop_element(pool), pool->pool_data);
	kfree(pool->elements);
	kfree(pool);
}
EXPORT_SYMBOL(mempool_destroy);

mempool_t *mempool_create_node(int min_nr, mempool_alloc_t *alloc_fn,
	mempool_free_t *free_fn, void *pool_data, gfp_t gfp_mask, int node_id)
{
	mempool_t *pool;
	int i;

	pool = kzalloc_node(sizeof(*pool), gfp_mask, node_id);
	if (!pool)
		return NULL;
	pool->elements = kmalloc_node(min_nr * sizeof(void *), gfp_mask, node_id);
	if (!pool->elements) {
		kfree(pool);
		return NULL;
	}
	spin_lock_init(&pool->lock);
	init_waitqueue_head(&pool->wait);
	pool->min_nr = min_nr;
	pool->pool_data = pool_data;
	pool->alloc = alloc_fn;
	pool->free = free_fn;

	for (i = 0; i < min_nr; i++) {
		void *element = pool->alloc(gfp_mask, pool->pool_data);

		if (unlikely(element == NULL)) {
			mempool_destroy(pool);
			return NULL;
		}
		push_element(pool, element);
	}
	return pool;
}
EXPORT_SYMBOL(mempool_create_node);

mempool_t *mempool_create(int min_nr, mempool_alloc_t *alloc_fn,
	mempool_free_t *free_fn, void *pool_data)
{
	return mempool_create_node(min_nr, alloc_fn, free_fn, pool_data,
				   GFP_KERNEL, NUMA_NO_NODE);
}
EXPORT_SYMBOL(mempool_create);

int mempool_resize(mempool_t *pool, int new_min_nr)
{
	void **new_elements;
	void *element;
	unsigned long flags;
	int i, added = 0;

	BUG_ON(new_min_nr <= 0);
	might_sleep();

	spin_lock_irqsave(&pool->lock, flags);
	if (new_min_nr <= pool->min_nr) {
		while (pool->curr_nr > new_min_nr) {
			element = pop_element(pool);
			spin_unlock_irqrestore(&pool->lock, flags);
			pool->free(element, pool->pool_data);
			spin_lock_irqsave(&pool->lock, flags);
		}
		pool->min_nr = new_min_nr;
		spin_unlock_irqrestore(&pool->lock, flags);
		return 0;
	}
	spin_unlock_irqrestore(&pool->lock, flags);

	new_elements = kmalloc_array(new_min_nr, sizeof(void *), GFP_KERNEL);
	if (!new_elements)
		return -ENOMEM;

	spin_lock_irqsave(&pool->lock, flags);
	if (new_min_nr <= pool->min_nr) {
		/* another resize got there first */
		spin_unlock_irqrestore(&pool->lock, flags);
		kfree(new_elements);
		return 0;
	}
	for (i = 0; i < pool->curr_nr; i++)
		new_elements[i] = pool->elements[i];
	kfree(pool->elements);
	pool->elements = new_elements;
	pool->min_nr = new_min_nr;

	while (RESERVE_SHORT(pool)) {
		spin_unlock_irqrestore(&pool->lock, flags);
		element = pool->alloc(GFP_KERNEL, pool->pool_data);
		if (!element)
			goto out;
		spin_lock_irqsave(&pool->lock, flags);
		if (!RESERVE_SHORT(pool)) {
			spin_unlock_irqrestore(&pool->lock, flags);
			pool->free(element, pool->pool_data); /* raced with a free */
			goto out;
		}
		push_element(pool, element);
		added++;
	}
	spin_unlock_irqrestore(&pool->lock, flags);
out:
	/* waiters may be sleeping on the pool the refill has just given elements */
	if (added)
		wake_up(&pool->wait);
	return 0;
}
EXPORT_SYMBOL(mempool_resize);

void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask)
{
	void *element;
	unsigned long flags;
	wait_queue_t wait;
	gfp_t first_pass;
	int pass;

	VM_WARN_ON_ONCE(gfp_mask & __GFP_ZERO);
	might_sleep_if(gfp_mask & __GFP_WAIT);

	gfp_mask |= __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN;
	first_pass = gfp_mask & ~(__GFP_WAIT | __GFP_IO);

	for (pass = 0; ; pass++) {
		element = pool->alloc(pass == 0 ? first_pass : gfp_mask, pool->pool_data);
		if (likely(element))
			return element;

		spin_lock_irqsave(&pool->lock, flags);
		if (pool->curr_nr > 0) {
			element = pop_element(pool);
			spin_unlock_irqrestore(&pool->lock, flags);
			return element;
		}
		if (pass == 0 && first_pass != gfp_mask) {
			/* the reserve is empty: try the allocator again with the full mask at once */
			spin_unlock_irqrestore(&pool->lock, flags);
			continue;
		}
		if (!(gfp_mask & __GFP_WAIT)) {
			spin_unlock_irqrestore(&pool->lock, flags);
			return NULL;
		}
		init_wait(&wait);
		prepare_to_wait(&pool->wait, &wait, TASK_UNINTERRUPTIBLE);
		spin_unlock_irqrestore(&pool->lock, flags);
		io_schedule_timeout(POOL_TIMEOUT);
		finish_wait(&pool->wait, &wait);
	}
}
EXPORT_SYMBOL(mempool_alloc);

void mempool_free(void *element, mempool_t *pool)
{
	unsigned long flags;

	if (unlikely(element == NULL))
		return;

	spin_lock_irqsave(&pool->lock, flags);
	if (RESERVE_SHORT(pool)) {
		push_element(pool, element);
		spin_unlock_irqrestore(&pool->lock, flags);
		wake_up(&pool->wait);
		return;
	}
	spin_unlock_irqrestore(&pool->lock, flags);
	pool->free(element, pool->pool_data);
	/* no reserve: a waiter can only be helped by the allocator, which now has this element */
	if (pool->min_nr == 0)
		wake_up(&pool->wait);
}
EXPORT_SYMBOL(mempool_free);
