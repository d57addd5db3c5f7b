// Order export (Seller Center > Orders > Export, sheet "OrderSKUList") header aliases: English as exported in
// every market, then Indonesian, Vietnamese, Thai and Chinese UI wording. English names are from public parsers
// of real exports; the localised ones are the Seller Center UI terms, less certain, and only ever add matches.
import type { HeaderTable } from "../headers.js";

export type OrderField =
  | "orderId"
  | "status"
  | "substatus"
  | "returnType"
  | "skuId"
  | "productId"
  | "productName"
  | "quantity"
  | "returnedQuantity"
  | "skuSubtotalAfterDiscount"
  | "orderAmount"
  | "orderRefundAmount"
  | "currency"
  | "createdAt"
  | "paidAt"
  | "rtsAt"
  | "shippedAt"
  | "deliveredAt"
  | "cancelledAt"
  | "creatorHandle"
  | "channel";

export const ORDER_HEADERS: HeaderTable<OrderField> = {
  orderId: [
    "Order ID",
    "ID Pesanan",
    "Nomor Pesanan",
    "Mã đơn hàng",
    "ID đơn hàng",
    "หมายเลขคำสั่งซื้อ",
    "รหัสคำสั่งซื้อ",
    "订单号",
    "订单ID",
    "订单编号",
  ],
  status: ["Order Status", "Status Pesanan", "Trạng thái đơn hàng", "สถานะคำสั่งซื้อ", "订单状态"],
  substatus: [
    "Order Substatus",
    "Substatus Pesanan",
    "Trạng thái phụ của đơn hàng",
    "Trạng thái phụ",
    "สถานะย่อยของคำสั่งซื้อ",
    "订单子状态",
  ],
  returnType: [
    "Cancelation/Return Type",
    "Cancellation/Return Type",
    "Jenis Pembatalan/Pengembalian",
    "Loại hủy/trả hàng",
    "ประเภทการยกเลิก/คืนสินค้า",
    "取消/退货类型",
  ],
  skuId: ["SKU ID", "ID SKU", "Mã SKU", "รหัส SKU", "SKU编号"],
  productId: ["Product ID", "ID Produk", "ID sản phẩm", "Mã sản phẩm", "รหัสสินค้า", "商品ID"],
  productName: ["Product Name", "Nama Produk", "Tên sản phẩm", "ชื่อสินค้า", "商品名称"],
  quantity: ["Quantity", "Kuantitas", "Jumlah", "Số lượng", "จำนวน", "数量"],
  returnedQuantity: [
    "Sku Quantity of return",
    "SKU Quantity of Return",
    "Jumlah Pengembalian SKU",
    "Kuantitas Pengembalian SKU",
    "Số lượng trả hàng của SKU",
    "จำนวนการคืนสินค้าของ SKU",
    "SKU退货数量",
  ],
  skuSubtotalAfterDiscount: [
    "SKU Subtotal After Discount",
    "Subtotal SKU Setelah Diskon",
    "Tổng phụ SKU sau giảm giá",
    "ยอดรวมย่อยของ SKU หลังหักส่วนลด",
    "SKU折后小计",
  ],
  orderAmount: [
    "Order Amount",
    "Jumlah Pesanan",
    "Total Pesanan",
    "Tổng số tiền đơn hàng",
    "Số tiền đơn hàng",
    "ยอดคำสั่งซื้อ",
    "订单金额",
  ],
  orderRefundAmount: [
    "Order Refund Amount",
    "Jumlah Pengembalian Dana",
    "Jumlah Pengembalian Dana Pesanan",
    "Số tiền hoàn lại của đơn hàng",
    "ยอดเงินคืนของคำสั่งซื้อ",
    "订单退款金额",
  ],
  currency: ["Currency", "Mata Uang", "Tiền tệ", "สกุลเงิน", "币种"],
  createdAt: [
    "Created Time",
    "Waktu Dibuat",
    "Waktu Pesanan Dibuat",
    "Thời gian tạo",
    "Thời gian tạo đơn hàng",
    "เวลาที่สร้าง",
    "เวลาสร้าง",
    "创建时间",
  ],
  paidAt: ["Paid Time", "Waktu Dibayar", "Waktu Pembayaran", "Thời gian thanh toán", "เวลาชำระเงิน", "付款时间"],
  rtsAt: ["RTS Time", "Waktu RTS", "Thời gian RTS"],
  shippedAt: ["Shipped Time", "Waktu Dikirim", "Thời gian giao hàng", "Thời gian gửi hàng", "เวลาจัดส่ง", "发货时间"],
  deliveredAt: [
    "Delivered Time",
    "Waktu Diterima",
    "Waktu Terkirim",
    "Thời gian đã giao",
    "Thời gian giao thành công",
    "เวลาที่จัดส่งสำเร็จ",
    "签收时间",
  ],
  cancelledAt: ["Cancelled Time", "Waktu Dibatalkan", "Thời gian hủy", "เวลายกเลิก", "取消时间"],
  creatorHandle: [
    "Creator Handle",
    "Creator Username",
    "Handle Kreator",
    "Tên người dùng của nhà sáng tạo",
    "达人账号",
  ],
  channel: ["Order Channel", "Content Type", "Saluran Pesanan", "Kênh đơn hàng", "ช่องทางคำสั่งซื้อ", "订单渠道"],
};
