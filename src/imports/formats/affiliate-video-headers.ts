// Affiliate Center > Video Data / Video List / Creator Video List header aliases. "Affiliate items sold " has
// a trailing space in real files (header matching trims it).
import type { HeaderTable } from "../headers.js";

export type AffiliateVideoField =
  | "videoId"
  | "videoLink"
  | "title"
  | "creatorHandle"
  | "creatorName"
  | "productId"
  | "postDate"
  | "gmv"
  | "orders"
  | "itemsSold"
  | "impressions"
  | "views"
  | "likes"
  | "comments"
  | "itemsRefunded"
  | "refundedGmv"
  | "estCommission";

export const AFFILIATE_VIDEO_HEADERS: HeaderTable<AffiliateVideoField> = {
  videoId: ["Video ID", "ID Video", "Mã video", "รหัสวิดีโอ", "视频ID"],
  videoLink: ["Video link", "Video URL", "Tautan video", "Liên kết video", "ลิงก์วิดีโอ", "视频链接"],
  title: ["Video title", "Video name", "Judul video", "Tên video", "ชื่อวิดีโอ", "视频标题", "视频名称"],
  creatorHandle: [
    "Creator username",
    "Creator handle",
    "Tên người dùng của nhà sáng tạo",
    "Nama pengguna kreator",
    "ชื่อผู้ใช้ครีเอเตอร์",
    "达人账号",
  ],
  creatorName: ["Creator name", "Creator", "Nama kreator", "Tên nhà sáng tạo", "ชื่อครีเอเตอร์", "达人昵称"],
  productId: ["Product ID", "ID Produk", "ID sản phẩm", "รหัสสินค้า", "商品ID"],
  postDate: [
    "Video post date",
    "Post date",
    "Post time",
    "Tanggal posting video",
    "Ngày đăng video",
    "วันที่โพสต์วิดีโอ",
    "发布时间",
    "视频发布日期",
  ],
  gmv: [
    "GMV",
    "Affiliate shoppable video GMV",
    "Affiliate video-attributed GMV",
    "GMV video",
    "GMV của video",
    "视频GMV",
  ],
  orders: ["Orders", "Affiliate orders", "Pesanan", "Đơn hàng", "คำสั่งซื้อ", "订单数"],
  itemsSold: ["Items sold", "Affiliate items sold", "Produk terjual", "Sản phẩm đã bán", "สินค้าที่ขายได้", "销量"],
  impressions: [
    "Shoppable video impressions",
    "Video impressions",
    "Impressions",
    "Tayangan",
    "Lượt hiển thị",
    "การแสดงผล",
    "曝光量",
  ],
  views: ["Video views", "Views", "Penayangan", "Lượt xem", "ยอดดู", "播放量"],
  likes: ["Shoppable video likes", "Video likes", "Likes", "Suka", "Lượt thích", "ถูกใจ", "点赞数"],
  comments: ["Shoppable video comments", "Video comments", "Comments", "Komentar", "Bình luận", "ความคิดเห็น", "评论数"],
  itemsRefunded: [
    "Affiliate items refunded",
    "Items refunded",
    "Produk dikembalikan",
    "Sản phẩm được hoàn tiền",
    "退款件数",
  ],
  refundedGmv: ["Affiliate refunded GMV", "Refunded GMV", "Refunds", "GMV dikembalikan", "GMV hoàn tiền", "退款金额"],
  estCommission: [
    "Est. commission",
    "Estimated commission",
    "Perkiraan komisi",
    "Hoa hồng ước tính",
    "ค่าคอมมิชชันโดยประมาณ",
    "预估佣金",
  ],
};
