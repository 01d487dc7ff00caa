// Given code under test. The graded mutants are small changes to this file.
#include "order_client.h"

namespace lab::ordertest {

namespace {

void SetTimeout(grpc::ClientContext& context, std::chrono::milliseconds timeout) {
  context.set_deadline(std::chrono::system_clock::now() + timeout);
}

}  // namespace

grpc::Status OrderClient::Reserve(const std::string& sku, int quantity,
                                  std::chrono::milliseconds timeout,
                                  Reservation* reservation) {
  if (quantity < 1) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "quantity must be at least 1");
  }
  ReserveRequest request;
  request.set_sku(sku);
  request.set_quantity(quantity);
  grpc::ClientContext context;
  SetTimeout(context, timeout);
  return stub_.Reserve(&context, request, reservation);
}

grpc::Status OrderClient::ListStock(const std::string& prefix,
                                    std::chrono::milliseconds timeout,
                                    std::vector<StockItem>* items) {
  items->clear();
  ListStockRequest request;
  request.set_prefix(prefix);
  grpc::ClientContext context;
  SetTimeout(context, timeout);
  std::unique_ptr<grpc::ClientReaderInterface<StockItem>> reader =
      stub_.ListStock(&context, request);
  StockItem item;
  while (reader->Read(&item)) {
    items->push_back(item);
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) {
    items->clear();
  }
  return status;
}

grpc::Status OrderClient::Restock(const std::vector<StockItem>& items,
                                  std::chrono::milliseconds timeout,
                                  RestockSummary* summary) {
  grpc::ClientContext context;
  SetTimeout(context, timeout);
  std::unique_ptr<grpc::ClientWriterInterface<StockItem>> writer =
      stub_.Restock(&context, summary);
  for (const StockItem& item : items) {
    if (!writer->Write(item)) {
      break;  // the stream is broken; Finish() says why
    }
  }
  writer->WritesDone();
  return writer->Finish();
}

}  // namespace lab::ordertest
