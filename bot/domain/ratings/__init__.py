"""The year-end review and rating (kiểm điểm, đánh giá, xếp loại chất lượng đảng viên): the
levels and their bands and conditions, the cap on "excellent", the distribution against the
organisation's targets, and a review cycle's records."""
