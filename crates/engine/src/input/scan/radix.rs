//! A least-significant-byte-first radix sort of values by a 64-bit key: a stable counting
//! sort per byte, skipping the bytes every key shares. Used where a scan sorts many keys that
//! are hashes or codes (the duplicate check's parts, a batch's village codes): about four
//! times as fast as a comparison sort there.

/// Sort `v` by `key` (stable), using `scratch` as the second buffer.
pub(super) fn sort_by_key<T: Copy + Default>(
    v: &mut Vec<T>,
    scratch: &mut Vec<T>,
    key: impl Fn(&T) -> u64,
) {
    let mut counts = [[0usize; 256]; 8];
    for x in v.iter() {
        let k = key(x);
        for (b, c) in counts.iter_mut().enumerate() {
            c[(k >> (8 * b)) as usize & 0xff] += 1;
        }
    }
    scratch.clear();
    scratch.resize(v.len(), T::default());
    for (b, c) in counts.iter().enumerate() {
        if c.contains(&v.len()) {
            continue;
        }
        let mut at = [0usize; 256];
        let mut sum = 0;
        for (a, n) in at.iter_mut().zip(c) {
            *a = sum;
            sum += n;
        }
        for x in v.iter() {
            let d = (key(x) >> (8 * b)) as usize & 0xff;
            scratch[at[d]] = *x;
            at[d] += 1;
        }
        std::mem::swap(v, scratch);
    }
}

#[cfg(test)]
mod tests {
    use super::sort_by_key;

    /// The radix sort gives what a comparison sort gives: values sharing bytes or not, the
    /// extremes, repeats, empty and one-value inputs.
    #[test]
    fn the_radix_sort_is_a_sort() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut scratch = Vec::new();
        for (n, mask, top) in [
            (0, u64::MAX, 0),
            (1, u64::MAX, 0),
            (5_000, u64::MAX, 0),
            (5_000, 0x00ff_ffff_ffff_ffff, 0x7a << 56),
            (5_000, 0xff, 0),
            (300, 0x00ff_0000_0000_00ff, 0),
        ] {
            let mut v: Vec<u64> = (0..n).map(|_| (next() & mask) | top).collect();
            if n > 2 {
                v.push(mask | top);
                v.push(top);
                v.push(v[1]);
            }
            let mut expected = v.clone();
            expected.sort_unstable();
            sort_by_key(&mut v, &mut scratch, |x| *x);
            assert_eq!(v, expected, "{n} values, mask {mask:x}");
        }
    }

    /// Sorting pairs by their key keeps equal keys in their first order (stable).
    #[test]
    fn pairs_are_sorted_by_key_stably() {
        let mut v: Vec<(u64, u32)> = vec![(5, 0), (1, 1), (5, 2), (0, 3), (1 << 40, 4), (1, 5)];
        sort_by_key(&mut v, &mut Vec::new(), |p| p.0);
        assert_eq!(v, [(0, 3), (1, 1), (1, 5), (5, 0), (5, 2), (1 << 40, 4)]);
    }
}
